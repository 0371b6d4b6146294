"""Any delegation name, any wording: a draft never bricks, never reads back as something
else, and nothing printed holds a control character (issue 14, items 1, 2 and 19).

A name drawn from all of Unicode (brackets, backslashes, the notation's separators and
keywords, control, bidi and zero-width characters) is either refused with exit 2 before
anything is written, or recorded (`propose`, `mark … pending`), saved, loaded, exported
(bracketed txt and md) and imported back from the txt as exactly that delegation. A wording
full of brackets and separators is recorded and reads back the same through that round trip.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.core import notation
from app.core.brackets import Bracket, Option, current_option, raw_reading
from app.core.delegations import Registry, check_name
from app.core.draft import Draft, Status
from app.core.errors import DraftroomError
from app.core.labels import find
from app.core.typed import typed
from app.files.textfile import clean
from app.store.store import load_draft

EXAMPLES = settings(
    max_examples=int(os.environ.get("DRAFTROOM_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
BASE = (
    "Draft resolution\n\n"
    "1. Decides that States shall take steps to act, as appropriate;\n\n"
    "2. Invites States to report on progress;\n"
)
PROPOSED = "Decides that States shall take firm steps to act, as appropriate;"
NOTATION = [
    "¹", "²³", "Agreed", "Deleted", "1.", "(a)", "A.", "Annex", "bis", "#", "_", "`", "<b>", "&",
    "[", "]", "\\", "\\[", "\\]", "\\\\", "/", "-", " / ", " - ", ", ", "; ", ",", ";", " retain",
    " delete", "retain", "original", "Original", "[Agreed]", "[Pending: ", "Pending: Iran]",
    "[Package: x]", "EU", "G77", "Mexico", "HIV/AIDS", "Guinea-Bissau", " ", "  ", "\t", "\n",
    "\x00", "\x07", "\x1b", "\x1b[31m", "\x1b]0;title\x07", "\x9b", "\x7f", "\u202e", "\u2066",
    "\u200b", "\u200d", "\ufeff", "\u2028", "\ue000", "\u00a0", "e\u0301", "ﬁ", "中文", "العربية",
]  # fmt: skip
PRINTABLE = st.characters(categories=["L", "M", "N", "P", "S", "Zs"])
NAMES = st.one_of(
    st.text(max_size=20),  # all of Unicode: mostly refused
    st.text(PRINTABLE, min_size=1, max_size=20),  # mostly names a draft takes
    st.lists(st.one_of(st.sampled_from(NOTATION), st.text(PRINTABLE, max_size=4)), max_size=6).map(
        "".join
    ),
)
WORDS = [*NOTATION, "firm", "steps", "States", "shall", "as appropriate", "2011-2016", "the",
         "*", "**", "*firm*", "**firm**", "\\*", "~~", "|"]  # fmt: skip
WORDINGS = st.tuples(
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), max_size=8),
    st.sampled_from(["", " act;", ";"]),
).map(lambda drawn: "Decides that States shall " + " ".join(drawn[0]) + drawn[1])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-paragraph draft, imported once (each example works on a copy)."""
    root = tmp_path_factory.mktemp("names")
    (root / "base.txt").write_text(BASE, encoding="utf-8")
    assert _run("import", root / "base.txt", "-o", root / "base")[0] == 0
    return root / "base"


@contextlib.contextmanager
def _copy(base: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as temp:
        target = Path(temp) / "d"
        shutil.copytree(base, target)
        yield target


def _run(*args: str | Path) -> tuple[int, str, str]:
    """`draftroom ARGS…` in-process: exit code, stdout, stderr; no output may hold a
    control character but a line break."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit:  # argparse
            code = int(exit.code or 0)
    printed = out.getvalue() + err.getvalue()
    controls = {c for c in printed if unicodedata.category(c) == "Cc" and c != "\n"}
    assert not controls, f"printed {controls!r}: {printed!r}"
    return code, out.getvalue(), err.getvalue()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _places(draft: Draft, label: str) -> list[list[tuple[list[str], str]]]:
    """The brackets of a paragraph as a reader sees them: each option's supporters and
    wording (ids and the order of options aside)."""
    brackets = [p for p in find(draft, label).content if isinstance(p, Bracket)]
    return [
        sorted((list(o.supporters), raw_reading(o.content).strip()) for o in b.options)
        for b in brackets
    ]


def _round_trip(folder: Path, name: str) -> Draft:
    """Export the draft (bracketed txt and md), import both back: the same new draft."""
    txt, md = folder.parent / "out.txt", folder.parent / "out.md"
    for target in (txt, md):
        code, _, err = _run("export", folder, "--as", "bracketed", "--format",
                            target.suffix[1:], "-o", target)  # fmt: skip
        assert code == 0, err
    code, _, err = _run("import", txt, "-o", folder.parent / "back", f"--new-delegation={name}")
    assert code == 0, err
    back = load_draft(folder.parent / "back")
    # our own Markdown reads back as the same draft as the txt (issue 14, item 5)
    code, _, err = _run("import", md, "-o", folder.parent / "back-md", f"--new-delegation={name}")
    assert code == 0, err
    from_md = load_draft(folder.parent / "back-md")
    assert [p.content for p in from_md.paragraphs] == [p.content for p in back.paragraphs]
    return back


@EXAMPLES
@given(NAMES)
def test_any_delegation_name_is_refused_unwritten_or_reads_back_exactly(base, name):
    with _copy(base) as folder:
        before = _files(folder)
        code, _, err = _run("propose", folder, "OP1", f"--by={name}",
                            f"--new-delegation={name}", "--text", PROPOSED)  # fmt: skip
        try:
            stored = check_name(name)
        except DraftroomError:
            event("refused")
            assert code == 2 and "the delegation name" in err, err
            assert _files(folder) == before, "a refused name changed the draft"
            return
        event("recorded")
        assert code == 0, err
        found = Registry().lookup(stored)  # a bundled name is kept as the list spells it
        expected = found[1] if found else stored
        assert _run("mark", folder, "OP2", "pending", f"--by={name}")[0] == 0
        draft = load_draft(folder)
        assert [expected] in [s for place in _places(draft, "OP1") for s, _ in place]
        assert find(draft, "OP2").status_by == [expected]
        assert _run("status", folder)[0] == 0 and _run("show", folder, "OP1")[0] == 0
        back = _round_trip(folder, name)
        assert _places(back, "OP1") == _places(draft, "OP1")
        assert (find(back, "OP2").status, find(back, "OP2").status_by) == (
            Status.PENDING,
            [expected],
        )


@EXAMPLES
@given(WORDINGS)
def test_any_bracketed_wording_is_refused_unwritten_or_reads_back_the_same(base, wording):
    with _copy(base) as folder:
        before = _files(folder)
        code, _, err = _run("propose", folder, "OP1", "--by", "EU", "--text", wording)
        if code == 2:
            event("refused")
            assert _files(folder) == before, "a refused proposal changed the draft"
            return
        event("recorded")
        assert code == 0, err
        draft = load_draft(folder)
        paragraph = find(draft, "OP1")

        def eu(bracket: Bracket) -> Option:
            return bracket.option_of("EU") or current_option(bracket)

        as_eu = raw_reading(paragraph.content, eu)  # (spacing is tidied: not a proposal)
        assert "".join(as_eu.split()) == "".join(typed(clean(wording)).split())
        written = notation.write(paragraph.content)
        assert notation.write(find(load_draft(folder), "OP1").content) == written
        back = _round_trip(folder, "EU")
        assert notation.write(find(back, "OP1").content) == written

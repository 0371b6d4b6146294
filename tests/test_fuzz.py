"""Hostile and odd input, generated: no crash other than Draftroom's own clear errors.

Every importer, the notation parser, the glossary loader, the draft store (on damaged
files) and the command line (on any arguments) are fed what hypothesis makes of the
fragments real texts hold (brackets, tags, numbers, statuses, footnote marks, Markdown)
mixed with control characters, NUL bytes, right-to-left and combining text and emoji.
Each must give a result or a :class:`DraftroomError` naming where; what imports must save,
load back equal and export. `DRAFTROOM_FUZZ_EXAMPLES` sets the examples per property (100
in `make test`; `make fuzz` runs 5,000).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.core import notation
from app.core.delegations import Registry
from app.core.errors import DraftroomError
from app.exports import export
from app.glossary.checker import Checker
from app.glossary.entries import load_glossary
from app.importers.importing import import_document
from app.importers.markdown import import_markdown
from app.importers.untext import import_un_text
from app.store.store import dumps, load_draft, stamp

from .conftest import BUNDLED, ROOT, SOURCE

EXAMPLES = int(os.environ.get("DRAFTROOM_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

ODD = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u2028",
    "\u2029", "\u200b", "\u200f", "\u202e", "\ufeff", "\ufffd", "\r", "\r\n", "\t",
    "العربية", "الدول الأعضاء", "中文", "会员国", "e\u0301\u0301", "ǅ", "ß", "İ", "ﬁ",
    "👩\u200d⚕️", "🇺🇳", "\U0001f600", "𝒜",
]  # fmt: skip
UN_PIECES = [
    "1. ", "2. ", "12 bis. ", "7 alt. ", "PP3. ", "PP1 bis. ", "(a) ", "(iv) ", "A. ", "B. ",
    "Annex I", "Annex II", "Annex", "Note by the Secretary-General", "United Nations",
    "E/2014/28", "14 March 2014", "We, the Ministers", "Recalling", "Decides that",
    "States shall", "HIV/AIDS", "2011-2016", "cross-border", "[", "]", "[[", "]]", "[]",
    " - EU", " - US; G77 delete", " - EU, G77 retain", " - Nowhere", " - Canda", " / ", "retain",
    "delete", "\\", "\\[", "\\]", "\\/", "\\-", "[Agreed ad ref]", "[Agreed]", "[Deleted]",
    "[Pending: Iran]", "[Pending: Nowhere]", "[Reserved: EU, US]", "[Package: A]", "¹", "²³",
    "⁴⁵⁶", "*", "**", "*italic*", "_____", "-----", "…", ";", ".", ":", ",", " ", "\n", "\n\n",
    "\n\n\n",
]  # fmt: skip
MD_PIECES = [
    "# ", "## ", "### Title", "[^1]", "[^12]: a note", "{: .class}", "{:toc}", "* TOC",
    "---\ntitle: x\n---\n", "[text][ref]", "[ref]: http://example.org", "<a href='x'>",
    "> ", "- ", "* ", "1) ", "```", "|a|b|", "![img](x.png)", "[link](http://x)",
]  # fmt: skip


def _text(pieces: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(pieces), st.sampled_from(ODD), st.text(max_size=12))
    return st.lists(piece, max_size=30).map("".join)


def _document(pieces: list[str]) -> st.SearchStrategy[str]:
    """A document's shape: paragraphs opening with numbers, headings or landmarks, their
    bodies made of the pieces, separated by blank lines (or not)."""
    opening = st.sampled_from(["", "1. ", "2. ", "3. ", "3 bis. ", "PP1. ", "(a) ", "A. ",
                               "Annex I\n\n", "Annex II\n\n", "# ", "¹ "])  # fmt: skip
    paragraph = st.tuples(opening, _text(pieces)).map("".join)
    separator = st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n", "\n \n"])
    return st.tuples(st.lists(paragraph, max_size=12), separator).map(lambda t: t[1].join(t[0]))


UN_TEXT = st.one_of(_text(UN_PIECES), _document(UN_PIECES))
MD_TEXT = st.one_of(_text(UN_PIECES + MD_PIECES), _document(UN_PIECES + MD_PIECES))


def _round_trip(draft, folder: Path) -> None:
    """What was imported saves, loads back equal, and exports."""
    folder.mkdir()
    (folder / "revisions").mkdir()
    for name, data in dumps(draft).items():
        (folder / name).write_bytes(data)
    assert load_draft(folder) == draft
    for mode in ("clean", "bracketed"):
        export.render(draft, mode, "txt")
    export.render(draft, "clean", "txt", keep_brackets=True)


def _import_and_keep(importer, text: str) -> None:
    warnings: list[DraftroomError] = []
    try:
        draft = importer(text, name="fuzz", warnings=warnings)
    except DraftroomError as error:
        assert error.message
        event(f"refused: {error.message[:30]}")
        return
    event(f"imported {min(len(draft.paragraphs), 5)}+ paragraphs, {bool(warnings)} warnings")
    with tempfile.TemporaryDirectory() as temp:
        _round_trip(draft, Path(temp) / "draft")


@FUZZ
@given(UN_TEXT)
def test_any_un_text_imports_saves_and_exports_or_is_refused_with_a_message(text):
    _import_and_keep(import_un_text, text)


@FUZZ
@given(MD_TEXT)
def test_any_markdown_imports_saves_and_exports_or_is_refused_with_a_message(text):
    _import_and_keep(import_markdown, text)


@FUZZ
@given(MD_TEXT)
def test_the_importer_picked_by_the_text_never_crashes(text):
    for strict in (False, True):
        try:
            import_document(text, name="fuzz", strict=strict)
        except DraftroomError as error:
            assert error.message


@FUZZ
@given(UN_TEXT)
def test_notation_reads_any_text_or_says_where_it_is_wrong(text):
    try:
        parsed = notation.read(text, path="x.txt", line=1)
    except DraftroomError as error:
        assert error.line is not None and error.column is not None
        event(f"refused: {error.message[:25]}")
        return
    event(f"read {len(parsed.content)} parts")
    written = notation.write(parsed.content)
    assert notation.write(notation.read(written).content) == written
    reader = notation.NotationReader(
        Registry(), iter(f"b{i}" for i in range(10**6)).__next__, strict=False
    )
    try:
        reader.parse(text)
    except DraftroomError as error:  # even lenient reading refuses an unknown delegation
        assert "delegation" in error.message


# -- the glossary loader ------------------------------------------------------------------
GLOSSARY_PIECES = [
    "[[entry]]\n", "[entry]\n", "[[entries]]\n", 'text = "the principle of common and shared responsibility"\n',
    'text = ""\n', 'text = "   "\n', "text = 3\n", 'source = "A/RES/73/192, preamble"\n',
    'source = "x"\n', 'id = "a"\n', 'id = ""\n', "verified = true\n", 'verified = "yes"\n',
    'also_in = ["E/2014/28"]\n', "also_in = [1]\n", 'topic = "t"\n', "topic = 3\n",
    'file = "x"\n', 'lang = "ar"\n', 'unknown = "x"\n', "entry = 1\n", "entry = []\n",
    'text = """\nmulti\nline"""\n', "text = 'literal'\n", '"', "'", "=", "\n", "[", "]",
    "<<<<<<< HEAD\n", "=======\n", ">>>>>>> theirs\n", "#", 'text = "\\u0000"\n',
]  # fmt: skip
ODD_TEXT = st.lists(
    st.one_of(st.sampled_from(ODD), st.sampled_from(UN_PIECES), st.text(max_size=8)), max_size=8
).map("".join)
VALUE = st.one_of(
    ODD_TEXT,
    st.integers(),
    st.booleans(),
    st.lists(ODD_TEXT, max_size=3),
    st.just([1, "x"]),
    st.dictionaries(st.sampled_from(["text", "a"]), ODD_TEXT, max_size=2),
)
KEY = st.sampled_from(
    ["text", "text", "source", "source", "id", "topic", "verified", "also_in", "note", "lang",
     "file", "extra"]
)  # fmt: skip
ENTRY = st.one_of(
    st.dictionaries(KEY, VALUE, max_size=6),  # anything, mostly wrong
    st.fixed_dictionaries(  # an entry as people write them, odd text in every field
        {"text": ODD_TEXT, "source": ODD_TEXT},
        optional={
            "id": ODD_TEXT, "topic": ODD_TEXT, "verified": st.booleans(), "note": ODD_TEXT,
            "also_in": st.lists(ODD_TEXT, max_size=2), "lang": st.sampled_from(["en", "ar", "zh"]),
        },
    ),
)  # fmt: skip
STRUCTURED = st.lists(ENTRY, max_size=5).map(lambda e: tomli_w.dumps({"entry": e}))
GLOSSARY_TEXT = st.one_of(
    STRUCTURED,
    st.lists(
        st.one_of(st.sampled_from(GLOSSARY_PIECES), st.sampled_from(ODD), st.text(max_size=8)),
        max_size=30,
    ).map("".join),
)
JUNK = st.one_of(st.just(b""), st.just(b""), st.just(b""), st.binary(max_size=3))


@FUZZ
@given(GLOSSARY_TEXT, JUNK)
def test_a_glossary_file_loads_and_checks_or_is_refused_naming_the_file(text, junk):
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "mine.toml"
        path.write_bytes(text.encode("utf-8", "surrogatepass") + junk)
        try:
            entries = load_glossary([path])
        except DraftroomError as error:
            assert error.path == str(path)
            event(f"refused: {error.message[:25]}")
            return
    event(f"{len(entries)} entries")
    checker = Checker(entries)
    for entry in entries:
        checker.check([("p1", entry.text), ("p2", "Recalling " + entry.text[::-1])])


# -- the draft store, on damaged files ----------------------------------------------------
SMALL_TEXT = (
    "Draft resolution\n\n"
    + "\n\n".join(
        f"{i}. Decides that States shall [take - EU; G77 delete] step {i}, [as appropriate];¹"
        for i in range(1, 5)
    )
    + "\n\n¹ A/RES/70/1, para. 3.\n"
)


@pytest.fixture(scope="module")
def small_files() -> dict[str, bytes]:
    """The files of a small draft with history and a revision."""
    from app.core import history
    from app.core.room import Room

    draft = import_un_text(SMALL_TEXT, name="small")
    draft.revisions = [history.freeze(draft, "rev.0", "2026-01-01T00:00:00Z")]
    room = Room(draft)
    room.propose("OP1", "US", "Decides that States shall act now;")
    room.mark("OP2", "pending", ["Iran"])
    room.revise()
    return dumps(room.draft)


DAMAGES = ["flip", "cut", "insert", "delete-line", "duplicate-line", "retype", "retype", "retype"]
DAMAGE = st.lists(
    st.tuples(
        st.sampled_from(DAMAGES),
        st.floats(0, 1),
        st.sampled_from([
            b"\x00", b"\xff", b"\xc3", b'"', b"'", b"[", b"]", b"=", b"\n", b"\\", b"[[paragraph]]\n",
            b"<<<<<<< HEAD\n", b'id = "p001"\n', b'status = "nonsense"\n', b"brackets = []\n",
            b'text = "[x - Nowhere]"\n', b"next_bracket = -1\n", b"format = 2\n", b"level = 1e9\n",
            b'revisions = ["rev.9"]\n', b"seq = 1\n", b"index = -5\n", b'kind = "op"\n',
            b'paragraph = "p999"\n', b"[[event.change]]\n", b"[document]\n", b"\xe2\x80\xae",
        ]),
    ),
    min_size=1,
    max_size=4,
)  # fmt: skip


RETYPED = [
    -1, 0, 10**30, True, 1.5, "", "\x00", "[x - Nowhere]", "\\", "rev.9", "p001", "b1", [],
    ["x", 1], {"a": 1}, [{"b": 2}], "中文 e\u0301 🇺🇳 العربية",
]  # fmt: skip


def _retype(data: bytes, where: float) -> bytes:
    """Valid TOML with one value replaced by a value of another type or meaning."""
    try:
        table = tomllib.loads(data.decode())
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return data
    places: list[tuple[object, object]] = []

    def visit(node: object) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)  # type: ignore[union-attr]
        for key, value in items:
            places.append((node, key))
            if isinstance(value, dict | list):
                visit(value)

    visit(table)
    if places:
        node, key = places[int(where * len(places)) % len(places)]
        node[key] = RETYPED[int(where * 997) % len(RETYPED)]  # type: ignore[index]
    return tomli_w.dumps(table).encode()


def _damage(data: bytes, how: str, where: float, junk: bytes) -> bytes:
    if how == "retype":
        return _retype(data, where)
    at = int(where * len(data))
    lines = data.split(b"\n")
    line = min(int(where * len(lines)), len(lines) - 1)
    if how == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << (at % 8))]) + data[at + 1 :]
    if how == "cut":
        return data[:at]
    if how == "insert":
        return data[:at] + junk + data[at:]
    if how == "delete-line":
        return b"\n".join(lines[:line] + lines[line + 1 :])
    return b"\n".join(lines[: line + 1] + lines[line:])


@FUZZ
@given(st.data(), DAMAGE)
def test_a_damaged_draft_loads_or_is_refused_naming_the_file(small_files, data, damage):
    names = sorted(small_files)
    files = dict(small_files)
    for how, where, junk in damage:
        name = data.draw(st.sampled_from(names))
        files[name] = _damage(files[name], how, where, junk)
    if data.draw(st.integers(0, 9)) == 0:
        del files[data.draw(st.sampled_from(names))]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "draft"
        (folder / "revisions").mkdir(parents=True)
        for name, content in files.items():
            (folder / name).write_bytes(content)
        try:
            draft = load_draft(folder)
        except DraftroomError as error:
            assert error.path and error.path.startswith(str(folder)), error
            event(f"refused: {error.message[:25]}")
            return
        event("loaded")
        again = Path(temp) / "again"
        _round_trip(draft, again)


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
@given(st.integers(0, 2**32), st.integers(1, 40))
def test_any_sequence_of_changes_in_the_room_saves_and_loads_back_equal(seed, count):
    """Proposals, support, insertions, marks, revisions, undo and redo at random: what the
    room holds in memory is what the files hold."""
    from app.core.room import Room

    from .crash_driver import change

    draft = import_un_text(SMALL_TEXT, name="small")
    room, rng = Room(draft), random.Random(seed)
    for n in range(count):
        with contextlib.suppress(DraftroomError):  # refused: nothing changed
            change(room, rng, n)
    with tempfile.TemporaryDirectory() as temp:
        _round_trip(room.draft, Path(temp) / "d")


# -- the command line ---------------------------------------------------------------------
COMMANDS = [
    "import", "export", "show", "status", "check", "glossary", "delegations", "propose",
    "insert", "delete", "support", "oppose", "withdraw", "agree", "mark", "package", "revise",
    "undo", "redo", "opne",
]  # fmt: skip
WORDS = [
    "DRAFT", "DRAFT", "DRAFT", "TEXT", "BINARY", "EMPTY", "GLOSSARY", "MISSING", "FOLDER", "OP1",
    "op1", "OP2", "PP9", "OP 33 B 24", "7bis", "b1", "B2", "b999", "EU", "Iran", "G77",
    "Nowhere", "--by", "--by", "--text", "--text", "--file", "-", "--option", "1", "2", "0",
    "-5", "99999999999999999999", "--to", "original", "--as", "clean", "bracketed", "tracked",
    "--format", "txt", "md", "html", "docx", "-o", "out.txt", "--output", "--force", "--json",
    "--limit", "--since", "rev.0", "rev.1", "rev.99", "--strict", "--new-delegation",
    "--glossary", "--alternative", "--keep-brackets", "--name", "--title", "agreed",
    "agreed ad ref", "pending", "reserved", "deleted", "reopened", "A", "--", "-h", "--help",
    "[", "]", "[x - EU]", "", " ", "--bogus", "-x", "شكرا", "中文", "e\u0301", "🇺🇳", "\u202e",
    "../outside.txt",
]  # fmt: skip
TEMPLATES = [
    ["import", "TEXT", "-o", "NEW"], ["export", "DRAFT", "--as", "bracketed", "--format", "txt"],
    ["export", "DRAFT", "--as", "tracked", "--format", "docx", "-o", "out.docx"],
    ["show", "DRAFT", "OP1"], ["status", "DRAFT", "--json"],
    ["check", "TEXT", "--glossary", "GLOSSARY"], ["glossary", "drug", "--glossary", "GLOSSARY"],
    ["delegations", "ir"], ["propose", "DRAFT", "OP1", "--by", "EU", "--text", "Decides that States shall act;"],
    ["insert", "DRAFT", "OP2", "--by", "G77", "--text", "Invites States;"],
    ["delete", "DRAFT", "OP3", "--by", "US"], ["support", "DRAFT", "b1", "--by", "Mexico", "--option", "2"],
    ["oppose", "DRAFT", "b2", "--by", "Iran"], ["withdraw", "DRAFT", "b1", "--by", "EU"],
    ["agree", "DRAFT", "b2", "--option", "1"], ["agree", "DRAFT", "OP4"],
    ["mark", "DRAFT", "OP1", "pending", "--by", "Iran"], ["package", "DRAFT", "A", "OP1", "OP2"],
    ["revise", "DRAFT"], ["undo", "DRAFT"], ["redo", "DRAFT"], ["opne", "DRAFT"], ["--json"],
]  # fmt: skip
MUTATION = st.tuples(
    st.sampled_from(["replace", "insert", "delete"]),
    st.floats(0, 1),
    st.one_of(st.sampled_from(WORDS + COMMANDS), st.text(max_size=6)),
)


@st.composite
def _argv(draw: st.DrawFn) -> list[str]:
    """A command line as a person might type it, with a few words wrong, extra or missing."""
    argv = list(draw(st.sampled_from(TEMPLATES)))
    mutations = st.one_of(st.just([]), st.lists(MUTATION, min_size=1, max_size=3))
    for how, where, word in draw(mutations):
        at = 1 + int(where * len(argv))  # the command stays (another template has it wrong)
        if how == "insert":
            argv.insert(at, word)
        elif argv and at < len(argv):
            argv[at : at + 1] = [word] if how == "replace" else []
    return argv


ARGV = _argv()


@pytest.fixture(scope="module")
def cli_world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Files the arguments may name: a draft, texts good and bad, a glossary."""
    root = tmp_path_factory.mktemp("cli")
    (root / "work").mkdir()
    shutil.copy(SOURCE, root / "text.txt")
    (root / "small.txt").write_text(SMALL_TEXT, encoding="utf-8")
    assert main(["import", str(root / "small.txt"), "-o", str(root / "draft")]) == 0
    (root / "binary.bin").write_bytes(b"\x00\x01\xff" * 10)
    (root / "empty.txt").write_bytes(b"")
    shutil.copy(ROOT / "glossary" / sorted(os.listdir(ROOT / "glossary"))[0], root / "g.toml")
    return {
        "DRAFT": str(root / "draft"), "TEXT": str(root / "small.txt"),
        "BINARY": str(root / "binary.bin"), "EMPTY": str(root / "empty.txt"),
        "GLOSSARY": str(root / "g.toml"), "MISSING": str(root / "nothing"), "FOLDER": str(root),
        "WORK": str(root / "work"), "NEW": str(root / "work" / "new"),
    }  # fmt: skip


@FUZZ
@given(ARGV)
def test_any_command_line_ends_with_exit_0_1_or_2_never_a_traceback(
    cli_world, monkeypatch, capsys, argv
):
    args = [cli_world.get(w, w) for w in argv]
    # a real argv holds no NUL; no command at all (or `open`) starts the drafting room
    assume(args and args[0] not in ("", "open") and all("\x00" not in a for a in args))
    bundled = stamp(BUNDLED)
    monkeypatch.chdir(cli_world["WORK"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("Decides that States shall act;"))
    try:
        code = main(args)
    except SystemExit as exit:  # argparse: usage errors and --help
        code = exit.code
    capsys.readouterr()
    event(f"{argv[0]} exit {code}")
    assert code in (0, 1, 2)
    assert stamp(BUNDLED) == bundled, "the bundled draft was changed"
    folder = Path(cli_world["FOLDER"])
    written = {p.name for p in folder.iterdir()} - KNOWN  # nothing written where not asked
    assert written <= ({"outside.txt"} if "../outside.txt" in args else set())
    outside = folder / "outside.txt"  # a file, or a draft folder `-o ../outside.txt` made
    if outside.is_dir():
        shutil.rmtree(outside)
    else:
        outside.unlink(missing_ok=True)


KNOWN = {"work", "text.txt", "small.txt", "draft", "binary.bin", "empty.txt", "g.toml"}


# -- what fuzzing found, kept as plain tests ---------------------------------------------
def test_an_empty_draft_name_is_an_error_never_the_bundled_draft(cli):
    before = stamp(BUNDLED)
    result = cli("propose", "", "OP1", "--by", "EU", "--text", "Decides;")
    assert result.code == 2 and "the draft folder is named ''" in result.err
    assert stamp(BUNDLED) == before


def test_importing_onto_a_file_is_refused_not_a_crash(cli, tmp_path):
    source = tmp_path / "small.txt"
    source.write_text(SMALL_TEXT, encoding="utf-8")
    for force in ((), ("--force",)):
        result = cli("import", source, "-o", source, *force)
        assert result.code == 2 and "is not a" in result.err
    assert source.read_text(encoding="utf-8") == SMALL_TEXT


def test_asterisks_in_a_bracket_import_as_wording_that_saves_and_loads(tmp_path):
    _round_trip(import_un_text("[*", name="x"), tmp_path / "d")
    _round_trip(import_un_text("a [*] b [c *d* - EU]", name="x"), tmp_path / "e")
    # a lone star is the text's own (issue 14, item 5): two places with a star between
    draft = import_un_text("[Agreed ad ref]*[Agreed ad ref]", name="x")
    assert len(draft.paragraphs[0].brackets) == 2
    _round_trip(draft, tmp_path / "f")


def test_private_use_characters_are_text_not_the_readers_own_marks(tmp_path):
    draft = import_un_text("1. a \\/ b \ue000 [x \ue001 - EU];\n\n(a) \\\ue000", name="x")
    assert "\ue000" in draft.paragraphs[0].text
    _round_trip(draft, tmp_path / "d")


def test_an_insertion_nobody_supports_any_more_is_not_read_back_as_the_original(tmp_path):
    """[take - EU; G77 delete], then EU supports the deletion: "take" is still a proposal."""
    from app.core.room import Room

    room = Room(import_un_text("1. States shall [take - EU; G77 delete] action;", name="x"))
    room.support("b1", "EU", 1)
    assert notation.write(room.draft.paragraphs[0].content).startswith("States shall [ - G77, EU")
    _round_trip(room.draft, tmp_path / "d")


def test_bracket_ids_run_in_reading_order_when_an_untagged_place_precedes_a_tagged_one():
    parsed = notation.read("a [x][y] b[c - EU] [z] [d / e - US]")
    assert [part.id for part in parsed.content if not isinstance(part, str)] == [
        "b1", "b2", "b3", "b4",
    ]  # fmt: skip


def test_an_option_nobody_supports_is_written_so_it_reads_back_the_same(tmp_path):
    from app.core.brackets import Bracket, Option

    for options in (
        [Option([", as appropriate"], [], True), Option([","], ["EU"]), Option([])],
        [Option([], [], True), Option(["a"], ["EU"]), Option(["b"])],
        [Option([], ["G77"], True), Option(["take"])],
    ):
        content = ["x ", Bracket("b1", options), " y"]
        assert notation.read(notation.write(content)).content == content


def test_an_empty_original_retained_with_an_empty_alternative_writes_back_as_read(tmp_path):
    _round_trip(import_un_text("1. [ - EU, G77 retain];", name="x"), tmp_path / "d")


def test_a_footnote_or_event_with_an_empty_required_value_saves_as_it_loaded(small_files, tmp_path):
    files = dict(small_files)
    files["footnotes.toml"] = files["footnotes.toml"].replace(b'number = "1"', b'number = ""')
    files["history.toml"] = files["history.toml"].replace(
        b'summary = "OP2 pending Iran"', b'summary = ""'
    )
    folder = tmp_path / "d"
    (folder / "revisions").mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    _round_trip(load_draft(folder), tmp_path / "again")


@pytest.mark.parametrize(
    "change",
    [
        b"change = true",
        b'change = ["x"]',
        b"[[event.change]]\nparagraph = 3",
        b'[[event.change]]\nindex = "one"',
    ],
)
def test_a_history_change_of_the_wrong_shape_is_refused_with_its_line(
    small_files, tmp_path, change
):
    folder = tmp_path / "d"
    (folder / "revisions").mkdir(parents=True)
    for name, content in small_files.items():
        (folder / name).write_bytes(content)
    history = folder / "history.toml"
    history.write_bytes(
        history.read_bytes().replace(
            b'summary = "rev.1 issued"\n', b'summary = "rev.1 issued"\n' + change + b"\n"
        )
    )
    with pytest.raises(DraftroomError) as caught:
        load_draft(folder)
    assert caught.value.path == str(history) and caught.value.line


# -- nothing written where not asked, no network, data only ------------------------------
def test_no_command_opens_a_network_connection(cli, tmp_path, monkeypatch):
    import socket

    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("no network in this test")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    source = tmp_path / "small.txt"
    source.write_text(SMALL_TEXT, encoding="utf-8")
    draft = tmp_path / "d"
    runs = [
        ("import", source, "-o", draft),
        ("propose", draft, "OP1", "--by", "EU", "--text", "Decides that States shall act;"),
        ("show", draft), ("status", draft, "--json"), ("check", draft), ("check", source),
        ("glossary", "common", "shared", "responsibility"), ("revise", draft),
        *[("export", draft, "--as", mode, "--format", fmt, "-o", tmp_path / f"x-{mode}.{fmt}")
          for mode in ("clean", "bracketed", "tracked") for fmt in ("txt", "md", "html", "docx")],
    ]  # fmt: skip
    for args in runs:
        assert cli(*args).code in (0, 1), args
    assert attempts == []


def test_an_export_never_overwrites_without_force_and_writes_only_its_file(cli, tmp_path):
    source = tmp_path / "small.txt"
    source.write_text(SMALL_TEXT, encoding="utf-8")
    assert cli("import", source, "-o", tmp_path / "d").code == 0
    target = tmp_path / "out" / "x.txt"
    target.parent.mkdir()
    target.write_text("mine")
    before = sorted(p for p in tmp_path.rglob("*") if ".draftroom" not in p.name)
    result = cli("export", tmp_path / "d", "--as", "clean", "-o", target)
    assert result.code == 2 and "--force" in result.err and target.read_text() == "mine"
    assert cli("export", tmp_path / "d", "--as", "clean", "-o", target, "--force").code == 0
    assert target.read_text() != "mine"
    assert sorted(p for p in tmp_path.rglob("*")) == before  # replaced, nothing added


def test_draft_files_are_data_never_evaluated(tmp_path):
    code = "__import__('os').system('touch PWNED') $(touch PWNED) `touch PWNED` {{7+7}} ${HOME}"
    draft = import_un_text(f"1. Decides that {code};", name="x")
    _round_trip(draft, tmp_path / "d")
    assert code in load_draft(tmp_path / "d").paragraphs[0].text
    assert not list(tmp_path.rglob("PWNED")) and not Path("PWNED").exists()

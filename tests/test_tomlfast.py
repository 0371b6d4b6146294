"""The fast TOML reader: the store's own files take the fast path and read as tomllib reads
them; anything else is refused with NotOurLayout, never read differently.

Documents of the store's shapes are generated and written by tomli_w, then damaged: every
result must equal tomllib's (types and key order included) or be NotOurLayout.
`DRAFTROOM_FUZZ_EXAMPLES` sets the examples per property (100 by default).
"""

from __future__ import annotations

import itertools
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from app.files.tomlfast import NotOurLayout, loads

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("DRAFTROOM_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def typed(value: Any) -> Any:
    """A value with every type and key order made part of what `==` compares (True == 1)."""
    if isinstance(value, dict):
        return ("table", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("array", [typed(item) for item in value])
    return (type(value).__name__, value)


def tomllib_or_error(text: str) -> Any:
    try:
        return typed(tomllib.loads(text))
    except Exception as error:  # ValueError too: an integer of over 4,300 digits
        return error


def assert_fast_and_equal(text: str) -> None:
    assert typed(loads(text)) == typed(tomllib.loads(text))


def assert_equal_or_refused(text: str) -> bool:
    """Whether the text took the fast path (its result then equal to tomllib's)."""
    expected = tomllib_or_error(text)
    try:
        result = loads(text)
    except NotOurLayout:
        return False
    assert not isinstance(expected, Exception), f"tomllib refuses it: {expected}"
    assert typed(result) == expected
    return True


# -- documents of the store's shapes, as tomli_w writes them -------------------------------
ODD = [
    '"', "\\", "\\\\", '\\"', "[", "]", "[[a]]", "[a.b]", " = ", "=", "#", ",", "'", "'''",
    '"""', "\n", "\r", "\r\n", "\t", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f",
    "\x7f", "\x80", "\x85", "\xa0", "\u2028", "\u2029", "\ufeff", "\ufffd", "\\u0041",
    "\\ud800", "🇺🇳", "👩\u200d⚕️", "\U0001f600", "𝒜", "العربية", "中文", "e\u0301",
]  # fmt: skip
KEYS = st.one_of(
    st.sampled_from(["a", "b", "id", "text", "0", "-", "_", "true", "A-b_9"]),
    st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True),
)
TEXTS = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.lists(st.sampled_from(ODD) | st.text(max_size=3), max_size=8).map("".join),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=100, max_size=400),
)
SCALARS = st.one_of(
    TEXTS,
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**80), max_value=10**80),
    st.sampled_from([0, -1, 2**63, -(2**64), 10**4000]),
)
ARRAYS = st.one_of(st.lists(SCALARS, max_size=4), st.lists(TEXTS, min_size=10, max_size=40))
FILLER = "x" * 100  # too long for tomli_w to write a table inline


def not_inline(tables: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An array of tables tomli_w writes as [[name]] sections (when all fit on one line it
    writes `name = [{ ... }]`, inline tables this reader leaves to tomllib)."""
    first = {**tables[0], "filler": FILLER}
    return [first, *tables[1:]]


def tables(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    values = st.one_of(SCALARS, ARRAYS, children, st.lists(children, min_size=1, max_size=3))
    return st.dictionaries(KEYS, values, max_size=5).map(
        lambda table: {key: not_inline(v) if is_aot(v) else v for key, v in table.items()}
    )


def is_aot(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


DOCUMENTS = st.recursive(st.dictionaries(KEYS, SCALARS | ARRAYS, max_size=5), tables, max_leaves=25)


@FUZZ
@given(DOCUMENTS)
@example({"a": {"b": {"c": 1}}})  # only [a.b] is written: a is made implicitly
@example({"event": [{"seq": 1, "change": [{"before": {"id": "p1"}, "filler": FILLER}]}]})
@example({"a": [{"filler": FILLER}, {"t": {}}], "b": {}})
@example({})
def test_documents_written_by_tomli_w_take_the_fast_path_and_read_as_tomllib(
    document: dict[str, Any],
) -> None:
    text = tomli_w.dumps(document)
    assert_fast_and_equal(text)
    assert loads(text) == document  # tomli_w writes tables after values: another key order


# -- damaged documents: equal to tomllib or refused ---------------------------------------
LINES = [
    "", "[a]", "[[a]]", "[a.b]", "[[a.b]]", "[a.b.c]", "[ a ]", "[[ a ]]", "[a . b]", "[]",
    "[[]]", '["a"]', "a = 1", "b = 2", "a = -0", "a = +1", "a = 01", "a = 1_000", "a = 0x1f",
    "a = 1.5", "a = inf", "a = nan", "a = 1e3", "a = 1979-05-27", "a = true", "a = True",
    'a = "x"', "a = 'x'", 'a = """x"""', "a = '''x'''", "a = { b = 1 }", "a = {}",
    'a = ["x", "y"]', "a = [", "a = []", "a = [ ]", "]", "],", "    1,", '    "x",', "    [],",
    '    "x"', "    { b = 1 },", "  1,", "        1,", "a.b = 1", '"a" = 1', "'a' = 1",
    "a=1", "a  = 1", " a = 1", "a = 1 ", "a = 1 # c", "# comment", "#", "\t", " ",
    'a = "\\u0041"', 'a = "\\U00000041"', 'a = "\\ud800"', 'a = "\\e"', 'a = "\\/"',
    'a = "\\x41"', 'a = "\\uDFFF"', 'a = "\\uE000"', 'a = "a" "b"', 'a = "a\\\\" # "',
    "filler = 1", "a = " + "9" * 4301,
]  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """A tomli_w document with a few edits: characters, lines, comments, headers."""
    text = tomli_w.dumps(draw(DOCUMENTS))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines) - 1))
        other = draw(st.integers(0, len(lines) - 1))
        pos = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "swap", "duplicate",
                                     "line", "comment", "header", "cr"]))  # fmt: skip
        if kind == "insert":
            text = text[:pos] + draw(st.sampled_from(ODD) | st.text(max_size=2)) + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 5)) :]
        elif kind == "replace":
            text = text[:pos] + draw(st.sampled_from(ODD) | st.text(max_size=2)) + text[pos + 1 :]
        elif kind == "swap":
            lines[at], lines[other] = lines[other], lines[at]
            text = "\n".join(lines)
        elif kind == "duplicate":
            lines.insert(other, lines[at])
            text = "\n".join(lines)
        elif kind == "line":
            lines.insert(at, draw(st.sampled_from(LINES)))
            text = "\n".join(lines)
        elif kind == "comment":
            lines[at] += draw(st.sampled_from([" # c", "# c", "  #"]))
            text = "\n".join(lines)
        elif kind == "header":  # a header again, further on: a redefinition or a new table
            headers = [line for line in lines if line.startswith("[")] or ["[a]"]
            lines.insert(max(at, other), draw(st.sampled_from(headers)))
            text = "\n".join(lines)
        else:
            text = text[:pos] + draw(st.sampled_from(["\r", "\r\n"])) + text[pos:]
    return text


@FUZZ
@given(damaged())
@example("a = 1\n[a]\n")
@example("[a.b]\nx = 1\n[a]\ny = 2\n")  # valid TOML (a made implicitly): left to tomllib
@example("[[a]]\n[a.b]\n[[a]]\n[a.b]\n")
@example("[a]\n[[a]]\n")
@example("a = []\n[[a]]\n")
@example("a = [\n    1,\n]\n[a.b]\n")
@example("[[a]]\nb = 1\n[a.b]\n")
@example('a = "x"\na = "y"\n')
@example("a = [\n    1,\n")
@example('a = "')
@example("a = " + "9" * 4301)
def test_damaged_documents_read_as_tomllib_or_are_refused(text: str) -> None:
    event("fast path" if assert_equal_or_refused(text) else "refused")


NAMES = [".".join(path) for n in (1, 2, 3) for path in itertools.product("ab", repeat=n)]
STATEMENTS = [
    *(f"[{name}]" for name in NAMES), *(f"[[{name}]]" for name in NAMES),
    "a = 1", 'b = "x"', "a = []", "b = [\n    1,\n]", "",
]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=10).map("\n".join))
def test_headers_and_keys_in_any_order_read_as_tomllib_or_are_refused(text: str) -> None:
    """Tables made implicitly, arrays of tables entered and appended to, redefinitions."""
    event("fast path" if assert_equal_or_refused(text) else "refused")


@pytest.mark.parametrize("line", LINES)
def test_each_odd_line_alone_or_after_a_table_reads_as_tomllib_or_is_refused(line: str) -> None:
    for text in (line, line + "\n", f"[t]\n{line}\n", f"a = [\n{line}\n]\n"):
        assert_equal_or_refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "a = 1\r\n", "a = 1 # c\n", "# c\na = 1\n", "a = 1.0\n", "a = { b = 1 }\n",
        "a = [\n    { b = 1 },\n]\n", "a.b = 1\n", '"a" = 1\n', "a = 'x'\n",
        'a = """x"""\n', "a = [\n    [\n        1,\n    ],\n]\n", "a = [\n\n    1,\n]\n",
        "[a.b]\n[a]\n", 'a = "\\ud83d\\ude00"\n', 'a = "\x7f"\n', 'a = "\x00"\n',
        "a = 1\na = 1\n", "[a]\n[a]\n", "[[a]]\n[a]\n", "a = 1\n[a.b]\n",
        'a = ["x", "y"]\n', "\ufeffa = 1\n",
    ],
)  # fmt: skip
def test_what_tomli_w_does_not_write_is_refused(text: str) -> None:
    with pytest.raises(NotOurLayout):
        loads(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("a = -0\nb = 0\nc = -12\n", {"a": 0, "b": 0, "c": -12}),
        ('s = "\\\\ \\" \\b \\t \\n \\f \\r \\u00e9 \\u007F \\uFFFF"\n',
         {"s": '\\ " \b \t \n \f \r é \x7f \uffff'}),
        ('s = "\ttab \u2028 \U0001f600"', {"s": "\ttab \u2028 \U0001f600"}),
        ("[[a]]\nx = 1\n\n[a.b.c]\ny = 2\n\n[[a]]\n\n[[a.d]]\nz = true\n",
         {"a": [{"x": 1, "b": {"c": {"y": 2}}}, {"d": [{"z": True}]}]}),
        ("l = []\nm = [\n    \"x\",\n    1,\n    false,\n]\n", {"l": [], "m": ["x", 1, False]}),
    ],
)  # fmt: skip
def test_the_layout_reads_as_toml_says(text: str, expected: dict[str, Any]) -> None:
    assert typed(loads(text)) == typed(expected) == typed(tomllib.loads(text))


# -- real files ----------------------------------------------------------------------------
REAL = sorted([*(ROOT / "drafts").rglob("*.toml"), *(ROOT / "glossary").glob("*.toml")])


@pytest.mark.parametrize("path", REAL, ids=lambda path: str(path.relative_to(ROOT)))
def test_bundled_toml_files_read_as_tomllib_and_drafts_take_the_fast_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = assert_equal_or_refused(text)
    if path.name in ("paragraphs.toml", "history.toml"):
        assert fast


def test_a_large_generated_draft_takes_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    import tui_speed

    monkeypatch.setattr(tui_speed, "PARAGRAPHS", 300)
    monkeypatch.setattr(tui_speed, "BRACKETS", 300)
    folder = tui_speed.make_large_draft(tmp_path / "large")
    for path in folder.rglob("*.toml"):
        assert_fast_and_equal(path.read_text(encoding="utf-8"))

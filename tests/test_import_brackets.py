"""A bracket left open stays in its paragraph and is reported where it opened; brackets
nested beyond reason are refused with their place, never a RecursionError (issue 14,
items 4 and 10)."""

from __future__ import annotations

import pytest

UNCLOSED = "Title line\n\n1. We [agree to things.\n\n2. Second [paragraph] stays.\n\n3. Third.\n"


def test_an_unclosed_bracket_stays_in_its_paragraph(cli, tmp_path):
    source = tmp_path / "unclosed.txt"
    source.write_text(UNCLOSED)
    result = cli("import", source, "-o", tmp_path / "d")
    assert result.code == 0
    text = cli("export", tmp_path / "d", "--as", "bracketed").out
    assert "1. We [agree to things.]" in text
    assert "2. Second [paragraph] stays." in text
    assert "3. Third." in text


def test_an_unclosed_bracket_is_reported_at_the_line_and_column_it_opens(cli, tmp_path):
    source = tmp_path / "unclosed.txt"
    source.write_text(UNCLOSED)
    result = cli("import", source, "-o", tmp_path / "d")
    assert "unclosed.txt:3:7: this opening bracket '[' is never closed" in result.err


def test_strict_refuses_an_unclosed_bracket_and_writes_nothing(cli, tmp_path):
    source = tmp_path / "unclosed.txt"
    source.write_text(UNCLOSED)
    result = cli("import", source, "-o", tmp_path / "d", "--strict")
    assert result.code == 2
    assert "unclosed.txt:3:7" in result.err
    assert not (tmp_path / "d").exists()


def test_a_stray_closing_bracket_is_reported_at_its_place_and_kept_as_text(cli, tmp_path):
    source = tmp_path / "stray.txt"
    source.write_text("Title line\n\n1. We agree ] to things.\n")
    result = cli("import", source, "-o", tmp_path / "d")
    assert "stray.txt:3:13: a closing bracket ']' has no opening bracket" in result.err
    assert "We agree ] to things." in cli("export", tmp_path / "d", "--as", "clean").out


@pytest.mark.parametrize("depth", [33, 60, 500])
def test_brackets_nested_too_deep_are_refused_with_their_place(cli, tmp_path, depth):
    source = tmp_path / "deep.txt"
    source.write_text("1. " + "[" * depth + "x" + "]" * depth + "\n")
    result = cli("import", source, "-o", tmp_path / "d")
    assert result.code == 2
    assert "deep.txt:1:36: brackets nested more than 32 deep" in result.err
    assert "Traceback" not in result.err and not (tmp_path / "d").exists()


def test_brackets_nested_32_deep_are_read_exported_and_checked(cli, tmp_path):
    source = tmp_path / "deep.txt"
    source.write_text("1. " + "[" * 32 + "x" + "]" * 32 + "\n")
    assert cli("import", source, "-o", tmp_path / "d").code == 0
    for args in (["export", "--as", "bracketed"], ["export", "--as", "clean", "--format", "md"],
                 ["check"], ["show"]):  # fmt: skip
        assert cli(args[0], tmp_path / "d", *args[1:]).code == 0


def test_a_hand_edited_draft_nested_too_deep_is_refused_with_its_line(cli, draft_dir):
    path = draft_dir / "paragraphs.toml"
    text = path.read_text()
    deep = "[" * 40 + "x" + "]" * 40
    path.write_text(
        text.replace('text = "Note the emerging', f'text = "{deep} Note the emerging', 1)
    )
    result = cli("show", draft_dir)
    assert result.code == 2
    assert "paragraphs.toml:" in result.err and "nested more than 32 deep" in result.err


def test_an_unclosed_bracket_in_markdown_stays_in_its_paragraph(cli, tmp_path):
    source = tmp_path / "unclosed.md"
    source.write_text("# Title\n\nWe note [the thing;\n\nWe recall the other thing.\n\n1. Act.\n")
    result = cli("import", source, "-o", tmp_path / "d")
    assert result.code == 0
    assert "unclosed.md:3:9: this opening bracket '[' is never closed" in result.err
    text = cli("export", tmp_path / "d", "--as", "bracketed").out
    assert "We recall the other thing.\n" in text and "1. Act.\n" in text
    refused = cli("import", source, "-o", tmp_path / "s", "--strict")
    assert refused.code == 2 and not (tmp_path / "s").exists()


def test_brackets_nested_too_deep_in_our_markdown_are_refused_at_their_place_in_the_file(
    cli, tmp_path
):
    nested = "x"
    for level in range(32):
        nested = f"[{nested} a{level} - EU / b{level} - Mexico]"
    (tmp_path / "deep.txt").write_text(f"Draft\n\n1. We agree {nested} to things.\n")
    assert cli("import", tmp_path / "deep.txt", "-o", tmp_path / "d").code == 0
    exported = tmp_path / "deep.md"
    assert cli("export", tmp_path / "d", "--as", "bracketed", "--format", "md", "-o", exported).code == 0  # fmt: skip
    text = exported.read_text().replace("We agree [", "We agree [[").replace(" to things.", "] to things.")  # fmt: skip
    exported.write_text(text)
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "We agree" in row)
    result = cli("import", exported, "-o", tmp_path / "back")
    assert result.code == 2 and not (tmp_path / "back").exists()
    assert f"deep.md:{line}:46: brackets nested more than 32 deep" in result.err


@pytest.mark.parametrize(
    ("name", "text"),
    [("u.txt", UNCLOSED), ("u.md", "# Title\n\nWe note [the thing;\n\n1. Act.\n")],
)
def test_strict_says_a_bracket_left_open_is_refused_not_closed(cli, tmp_path, name, text):
    (tmp_path / name).write_text(text)
    refused = cli("import", tmp_path / name, "-o", tmp_path / "d", "--strict")
    assert refused.code == 2 and "is never closed in its paragraph\n" in refused.err
    assert "closed at the paragraph's end" not in refused.err

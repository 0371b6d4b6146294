"""Large and odd texts go through the whole path: import, store, show, export.

A 100,000-character paragraph, Arabic (right to left), Chinese, combining accents, emoji,
NUL bytes, a Word paste full of control characters, unbalanced brackets. The 10 MB case
is measured by `bench/big_input.py` (figures in the README); here a 0.5 MB text checks
that the cost stays linear.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from app.store.store import load_draft

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from big_input import make_text

ARABIC = "يؤكد أن الدول الأعضاء ينبغي أن تتخذ التدابير المناسبة"
CHINESE = "重申会员国应当采取适当措施应对世界毒品问题"
COMBINING = "Réaffirme l'engagement des E\u0301tats Membres, n\u0303, a\u0308\u0301"
EMOJI = "Welcomes progress 👩\u200d⚕️ 🇺🇳 \U0001f600"


def _import_show_export(cli, tmp_path: Path, text: str, *extra: str) -> tuple[str, str, str]:
    """Import `text`, show it, export it clean and bracketed; the outputs."""
    source = tmp_path / "in.txt"
    source.write_bytes(text.encode("utf-8"))
    imported = cli("import", source, "-o", tmp_path / "d", *extra)
    assert imported.code == 0, imported.err
    load_draft(tmp_path / "d")
    shown = cli("show", tmp_path / "d", "OP1")
    assert shown.code == 0, shown.err
    outputs = []
    for mode in ("clean", "bracketed"):
        target = tmp_path / f"{mode}.txt"
        result = cli("export", tmp_path / "d", "--as", mode, "--format", "txt", "-o", target)
        assert result.code == 0, result.err
        outputs.append(target.read_text(encoding="utf-8"))
    return shown.out, outputs[0], outputs[1]


def test_a_paragraph_of_100000_characters_imports_shows_and_exports_whole(cli, tmp_path):
    words = " ".join(f"word{i}" for i in range(20_000))[:100_000]
    paragraph = f"1. Decides that {words} [shall - EU; G77 delete] act;"
    assert len(paragraph) > 100_000
    _shown, clean, bracketed = _import_show_export(cli, tmp_path, paragraph + "\n")
    assert f"1. Decides that {words.strip()} act;" in clean  # the insertion is not agreed
    assert f"{words} [shall - EU; G77 delete] act;" in bracketed


@pytest.mark.parametrize("wording", [ARABIC, CHINESE, COMBINING, EMOJI])
def test_every_script_survives_import_store_show_and_export_unchanged(cli, tmp_path, wording):
    text = f"1. {wording} [{wording} - EU; G77 delete];\n\n2. {wording};\n"
    shown, clean, bracketed = _import_show_export(cli, tmp_path, text)
    assert f"2. {wording};" in clean
    assert f"[{wording} - EU; G77 delete]" in bracketed
    assert wording.split()[0] in shown


def test_a_nul_byte_anywhere_is_refused_as_a_binary_file_with_its_place(cli, tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(b"1. Decides;\n" * 2000 + b"2. Dec\x00ides;\n")
    result = cli("import", source, "-o", tmp_path / "d")
    assert result.code == 2
    assert f"{source}:2001:7: looks like a binary file" in result.err
    assert not (tmp_path / "d").exists()


def test_a_word_paste_full_of_control_characters_imports_as_plain_text(cli, tmp_path):
    paste = (
        "1. Decides\x0bthat States\x07 shall \x1b[31mact\x1b[0m [now - EU];\x0c\r\n\r\n"
        "2. Notes\u200b the\x7f \x01report\x85 of the Secretary-General;\r\n"
    )
    shown, clean, bracketed = _import_show_export(cli, tmp_path, paste)
    assert "1. Decides that States shall act;" in clean
    assert "2. Notes\u200b the report of the Secretary-General;" in clean
    assert "[now - EU]" in bracketed
    for output in (shown, clean, bracketed):
        assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in output)


def test_a_wording_typed_with_control_characters_is_recorded_without_them(cli, tmp_path):
    _import_show_export(cli, tmp_path, "1. Decides that States shall act;\n")
    result = cli(
        "propose",
        tmp_path / "d",
        "OP1",
        "--by",
        "EU",
        "--text",
        "Decides\x1b[2J that States shall act\x07 now;",
    )
    assert result.code == 0, result.err
    assert "\x1b" not in (tmp_path / "d" / "paragraphs.toml").read_text(encoding="utf-8")
    assert "now - EU" in cli("export", tmp_path / "d", "--as", "bracketed").out


def test_unbalanced_brackets_import_with_warnings_and_strict_refuses_them(cli, tmp_path):
    text = "1. Decides ] that [States shall act;\n\n2. Notes [[the report];\n"
    _shown, clean, _bracketed = _import_show_export(cli, tmp_path, text)
    assert "Decides" in clean and "Notes" in clean
    source = tmp_path / "in.txt"
    result = cli("import", source, "-o", tmp_path / "strict", "--strict")
    assert result.code == 2 and "in.txt:1:12: a closing bracket ']' has no opening" in result.err
    assert "\n    1. Decides ] that [States shall act;\n               ^" in result.err
    assert not (tmp_path / "strict").exists()


def test_half_a_megabyte_imports_saves_and_loads_in_linear_time(cli, tmp_path):
    source = tmp_path / "big.txt"
    source.write_text(make_text(0.5), encoding="utf-8")
    started = time.perf_counter()
    assert cli("import", source, "-o", tmp_path / "d").code == 0
    draft = load_draft(tmp_path / "d")
    assert len(draft.paragraphs) > 3_000
    # about 1.2 s on the 2-core machine where 10 MB takes 36 s: a quadratic cost would not fit
    assert time.perf_counter() - started < 10

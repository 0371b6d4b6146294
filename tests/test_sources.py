"""Checking against a folder of adopted texts (issue 17): each finding cites the document
by the symbol it prints and the paragraph by its label; bad files are named and left out;
the index is kept; a draft remembers its folders.

The folder holds real texts: excerpts of GA resolutions 71/211 and 73/192 (tests/data/
sources, as printed, masthead included) and the Joint Ministerial Statement as a Word
file made by python-docx and as the PDF LibreOffice prints (the secretariat's zero draft,
E/CN.7/2014/L.1 in its running header)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from app.glossary.index import index_sources
from app.importers.importing import import_file

from .conftest import BUNDLED
from .secretariat import zero_draft

REAL = Path(__file__).parent / "data" / "sources"

#: Passages of the sources, each slightly reworded, and where each was agreed.
REWORDED = {
    # A/RES/71/211 OP90: "to effectively monitor compliance" -> "to closely monitor"
    "Urges Member States to continue to actively cooperate with the International Narcotics"
    " Control Board in the exercise of its mandate, and reiterates the need to ensure that an"
    " appropriate level of resources is made available to the Board to enable it to engage"
    " with Governments to closely monitor compliance by States parties with the three"
    " international drug control conventions.": ("A/RES/71/211", "OP90", "effectively"),
    # A/RES/73/192 OP27: "technical assistance" -> "financial assistance" (the statement,
    # 2014, says "especially those in the opium group": 73/192's "opioid" would be its
    # exact use, as the checker rightly says)
    "Invites Member States to promote cooperation with and financial assistance to the States"
    " most affected by the transit of drugs in developing and implementing comprehensive and"
    " integrated policies.": ("A/RES/73/192", "OP27", "technical"),
    # the statement, OP8: "to actively promote" -> "to vigorously promote"
    "We reaffirm our determination to tackle the world drug problem and to vigorously promote"
    " a society free of drug abuse in order to ensure that all people can live in health,"
    " dignity and peace.": ("E/CN.7/2014/L.1", "OP8", "actively"),
}  # fmt: skip


def _statement_docx(cli, target: Path) -> Path:
    """The statement as a Word file made by python-docx: masthead, then its clean text."""
    text = target.parent / "statement.txt"
    cli("export", BUNDLED, "--as", "clean", "--format", "txt", "-o", text)
    document = docx.Document()
    for line in ["United Nations", "E/CN.7/2014/L.1", "Economic and Social Council",
                 "Distr.: Limited", "14 March 2014", "Original: English"]:  # fmt: skip
        document.add_paragraph(line)
    for line in text.read_text(encoding="utf-8").split("\n\n"):
        if line.strip():
            document.add_paragraph(" ".join(line.split()))
    document.save(str(target))
    text.unlink()
    return target


def adopted_folder(tmp_path: Path, cli) -> Path:
    """The real excerpts and the statement as a Word file, in a folder of adopted texts."""
    folder = tmp_path / "adopted"
    folder.mkdir()
    for path in REAL.iterdir():
        shutil.copy(path, folder / path.name)
    _statement_docx(cli, folder / "jms.docx")
    return folder


@pytest.fixture
def folder(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return adopted_folder(tmp_path, cli)


@pytest.fixture
def reworded(tmp_path: Path) -> Path:
    path = tmp_path / "reworded.txt"
    path.write_text("\n\n".join(REWORDED), encoding="utf-8")
    return path


def _near_misses(run) -> list[dict]:
    return [f for f in json.loads(run.out) if f["kind"] == "near-miss"]


def _assert_cited(near: list[dict]) -> None:
    for text, (symbol, paragraph, word) in REWORDED.items():
        cited = [f for f in near if f["found_text"] in text and word in f["entry_text"]]
        assert cited, f"no near-miss for {symbol} {paragraph}"
        assert {(f["source"]["symbol"], f["source"]["paragraph"]) for f in cited} == {
            (symbol, paragraph)
        }


def test_each_near_miss_names_the_document_and_paragraph_it_was_agreed_in(
    cli, folder: Path, reworded: Path
) -> None:
    run = cli("check", reworded, "--sources", folder, "--json")
    assert run.code == 1, run.err
    _assert_cited(_near_misses(run))
    shown = cli("check", reworded, "--sources", folder)
    assert "A/RES/71/211, OP90" in shown.out
    assert "substitution: 'effectively' -> 'closely'" in shown.out


def test_the_statement_printed_to_pdf_is_cited_by_the_symbol_in_its_header(
    cli, libreoffice, folder: Path, reworded: Path, tmp_path: Path
) -> None:
    (folder / "jms.docx").unlink()
    _, pdf = zero_draft(libreoffice, BUNDLED, tmp_path)
    shutil.copy(pdf, folder / "zero-draft.pdf")
    _assert_cited(_near_misses(cli("check", reworded, "--sources", folder, "--json")))


def test_the_same_wording_in_two_resolutions_cites_both_newest_first(
    cli, folder: Path, tmp_path: Path
) -> None:
    text = tmp_path / "t.txt"
    text.write_text(
        "Encourages States to include, in accordance with national legislation and as "
        "appropriate, elements for the prevention and treatment of drug overdose.",
        encoding="utf-8",
    )
    run = cli("check", text, "--sources", folder, "--json")
    found = [f for f in json.loads(run.out) if "national legislation" in f["entry_text"]]
    assert [(s["symbol"], s["paragraph"]) for s in found[0]["sources"]] == [
        ("A/RES/73/192", "OP26"),
        ("A/RES/71/211", "OP19"),
    ]


def test_bad_sources_are_named_and_the_rest_still_checked(
    cli, folder: Path, reworded: Path
) -> None:
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a whole Word file")
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    blank.save(str(folder / "scan.pdf"))
    (folder / "no-symbol.txt").write_text(
        "The Commission,\n\n1. Urges Member States to keep the peace in every way;\n",
        encoding="utf-8",
    )
    run = cli("check", reworded, "--sources", folder, "--json")
    assert run.code == 1
    for name in ("broken.docx", "scan.pdf", "no-symbol.txt"):
        assert name in run.err
    _assert_cited(_near_misses(run))
    for path in folder.iterdir():
        if path.name not in ("broken.docx", "scan.pdf"):
            path.unlink()
    nothing = cli("check", reworded, "--sources", folder)
    assert nothing.code == 2
    assert "no adopted text could be read" in nothing.err


def test_only_a_changed_file_is_read_again(folder: Path, tmp_path: Path) -> None:
    def read(path: Path):  # type: ignore[no-untyped-def]
        return import_file(path, name="source")

    cache = tmp_path / "index"
    first = index_sources([folder], read, cache=cache)
    assert (first.read, first.cached) == (3, 0)
    again = index_sources([folder], read, cache=cache)
    assert (again.read, again.cached) == (0, 3)
    changed = folder / "A_RES_73_192-excerpt.txt"
    changed.write_text(changed.read_text().replace("opioid group", "opium group"))
    third = index_sources([folder], read, cache=cache)
    assert (third.read, third.cached) == (1, 2)


def test_a_draft_remembers_its_source_folders(cli, folder: Path, draft_dir: Path) -> None:
    assert cli("sources", draft_dir).out.startswith("no source folders")
    assert cli("sources", draft_dir, "add", folder).code == 0
    assert "sources = [" in (draft_dir / "draft.toml").read_text()
    listed = cli("sources", draft_dir, "--json")
    assert [(draft_dir / p).resolve() for p in json.loads(listed.out)] == [folder.resolve()]
    run = cli("check", draft_dir, "--json")
    cited = {f["source"]["symbol"] for f in json.loads(run.out) if isinstance(f["source"], dict)}
    assert "E/CN.7/2014/L.1" in cited  # the statement's own words, agreed in the draft
    assert any(isinstance(f["source"], str) for f in json.loads(run.out))  # and the glossary
    assert cli("sources", draft_dir, "remove", folder).code == 0
    assert "sources" not in (draft_dir / "draft.toml").read_text()


def test_glossary_lookup_ranks_passages_with_where_they_were_agreed(cli, folder: Path) -> None:
    run = cli("glossary", "opioid", "overdose", "naloxone", "--sources", folder, "--json")
    assert run.code == 0, run.err
    first = json.loads(run.out)[0]
    assert "opioid overdose" in first["text"]
    assert first["source"]["symbol"] == "A/RES/73/192"
    shown = cli("glossary", "in accordance with national law and as appropriate",
                "--sources", folder)  # fmt: skip
    assert shown.out.splitlines()[1].strip() == "A/RES/73/192, OP26; A/RES/71/211, OP19"


async def test_the_room_shows_a_paragraph_s_precedents_with_their_citations(
    folder: Path, draft_dir: Path
) -> None:
    from app.cli import main
    from app.tui.app import DraftroomApp
    from tests.pilot import glossary_loaded, go_to, panel_text

    (folder / "jms.docx").unlink()  # the statement's own words would be exact everywhere
    assert main(["sources", str(draft_dir), "add", str(folder)]) == 0
    app = DraftroomApp(draft_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        await glossary_loaded(pilot)
        await go_to(pilot, "OP29")
        shown = panel_text(app)
        assert "near-miss: A/RES/73/192, OP26" in shown
        assert "also: A/RES/71/211, OP19" in shown


def test_a_paragraph_number_is_no_word_of_the_text(cli, folder: Path, tmp_path: Path) -> None:
    """'1. Encourages Member States…' uses 71/211 OP19 exactly; it is no near-miss of 73/192
    OP26 ('Also encourages…') with '1' for 'Also'."""
    text = tmp_path / "numbered.txt"
    text.write_text(
        "1. Encourages Member States to promote the inclusion in national drug policies.\n",
        encoding="utf-8",
    )
    run = cli("check", text, "--sources", folder, "--json")
    assert run.code == 0, run.out
    assert [(f["kind"], f["source"]["symbol"]) for f in json.loads(run.out)] == [
        ("exact", "A/RES/71/211")
    ]


@pytest.mark.parametrize(
    ("lines", "symbol"),
    [
        (["United Nations A/RES/71/211", "General Assembly Distr.: General"], "A/RES/71/211"),
        (["Economic and Social Council", "E/2014/28"], "E/2014/28"),
        (["United Nations", "Economic and Social Council", "E/CN.7/2014/L.1"], "E/CN.7/2014/L.1"),
        (["A/RES/S-30/1", "General Assembly Distr.: General"], "A/RES/S-30/1"),
        (
            ["* A/69/50.", "[on the report of the Third Committee (A/71/484)]", "A/HRC/RES/28/28"],
            "A/HRC/RES/28/28",
        ),
        (["FCCC/CP/2015/L.9/Rev.1"], "FCCC/CP/2015/L.9/Rev.1"),
        (["General Assembly", "Seventy-first session"], ""),
    ],
)
def test_a_document_is_known_by_the_symbol_it_prints_not_by_those_it_cites(
    lines: list[str], symbol: str
) -> None:
    from app.glossary.sources import find_symbol

    assert find_symbol(lines) == symbol


def test_a_file_named_as_the_un_names_downloads_gives_its_symbol() -> None:
    from app.glossary.sources import symbol_from_name

    assert symbol_from_name(Path("A_RES_71_211.pdf")) == "A/RES/71/211"
    assert symbol_from_name(Path("E_CN.7_2014_L.1.docx")) == "E/CN.7/2014/L.1"
    assert symbol_from_name(Path("notes.txt")) == "notes.txt"

"""The bundled glossary (glossary/*.toml): well-formed entries of agreed language.

Every entry is checked for its fields, its id, its sources, and, where it cites the 2014 Joint
Ministerial Statement (E/2014/28, chap. I, sect. C), for its wording: it must be printed verbatim
in the paragraph cited, in Annex I of the report as distributed.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary"
REPORT = ROOT / "drafts" / "cnd-2014-high-level-review.txt"

REQUIRED = ("id", "text", "source", "topic")
KEY_ORDER = ("id", "text", "source", "topic", "verified", "also_in", "note", "lang")
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# A well-formed source is a document symbol followed by one or more ", "-separated locators.
# Symbols:
#   E/2014/28              ECOSOC Official Records (a CND session report; also E/2009/28, E/2019/28)
#   E/CN.7/2014/7          CND documents
#   A/RES/73/192           General Assembly resolutions, A/RES/S-30/1 for special sessions
#   A/HRC/RES/28/28        Human Rights Council resolutions
#   CND resolution 58/4    CND resolutions, which have no symbol of their own
# Locators:
#   chap. I / chap. 2, sect. C          chapter and section of a report or outcome document
#   annex                               the annex of a resolution (alone: its title)
#   preamble, PP2                       the preamble; a numbered preambular paragraph
#   para. 6, para. 46 (a), para. 33 B.24, para. 18 (i)
#                                       an operative paragraph, its subparagraph, or a paragraph
#                                       of a lettered section as the JMS prints it (33 A.1-33 C.45)
#   OP6                                 an operative paragraph, numbered as in a compilation text
#   title                               the title of a resolution
# A bare "E/2014/28, chap. I, sect. C" cites the statement as a whole (its title).
SYMBOL = (
    r"(?:E/\d{4}/\d+"
    r"|E/CN\.7/\d{4}/[0-9A-Za-z.]+"
    r"|A/RES/(?:S-)?\d+/\d+"
    r"|A/HRC/RES/\d+/\d+"
    r"|CND resolution \d+/\d+)"
)
LOCATOR = (
    r"(?:chap\. (?:[IVX]+|\d+)"
    r"|sect\. [A-Z]"
    r"|annex"
    r"|preamble"
    r"|PP\d+"
    r"|OP\d+"
    r"|para\. \d+(?: [A-C]\.\d+)?(?: \([a-z]+\))?"
    r"|title)"
)
SOURCE = re.compile(rf"^{SYMBOL}(?:, {LOCATOR})+$")

JMS = "E/2014/28, chap. I, sect. C"
JMS_REFERENCE = re.compile(
    r"^E/2014/28, chap\. I, sect\. C(?:, (?P<where>preamble|para\. (?:\d+|33 [ABC]\.\d+)))?$"
)
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clean(text: str) -> str:
    """The report's text without *italics* marks and superscript footnote digits, one line."""
    return normalise(re.sub(f"[{SUPERSCRIPTS}]", "", text.replace("*", "")))


def load_files() -> dict[str, list[dict]]:
    files = {}
    for path in sorted(GLOSSARY.glob("*.toml")):
        with path.open("rb") as handle:
            files[path.stem] = tomllib.load(handle).get("entry", [])
    return files


FILES = load_files()
ENTRIES = [entry for entries in FILES.values() for entry in entries]


def annex_one_lines() -> list[str]:
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    start = lines.index("Annex I")
    end = lines.index("Annex II")
    return lines[start + 1 : end]


def statement_paragraphs() -> dict[str, str]:
    """Annex I by locator: "" (the title), "preamble", "para. 1"…"para. 33", "para. 33 A.1"…

    Footnote blocks are skipped; a line that follows an unfinished paragraph (cut by a page
    break) continues it; any other unnumbered line is a heading and ends the paragraph.
    """
    paragraphs: dict[str, str] = {}
    key: str | None = None
    section = None
    for line in annex_one_lines():
        line = line.strip()
        if not line or line[0] in SUPERSCRIPTS:
            continue
        numbered = re.match(r"^(\d+)\. ", line)
        lettered = re.match(r"^([ABC])\. ", line)
        if lettered:
            section, key = lettered.group(1), None
        elif numbered:
            number = numbered.group(1)
            key = f"para. 33 {section}.{number}" if section else f"para. {number}"
            paragraphs[key] = line[numbered.end() :]
        elif not paragraphs:
            key = ""
            paragraphs[key] = line
        elif line.startswith("We, "):
            key = "preamble"
            paragraphs[key] = line
        elif key is not None and not clean(paragraphs[key]).endswith((";", ".", ":")):
            paragraphs[key] += " " + line
        else:
            key = None
    return {key: clean(text) for key, text in paragraphs.items()}


ANNEX_ONE = clean(" ".join(annex_one_lines()))
PARAGRAPHS = statement_paragraphs()


def entry_name(entry: dict) -> str:
    return str(entry.get("id") or entry.get("text", "?"))[:60]


def test_the_glossary_has_at_least_150_entries():
    assert len(ENTRIES) >= 150, f"{len(ENTRIES)} entries in {GLOSSARY}"


def test_the_statement_reads_as_80_paragraphs_from_title_to_33_c_45():
    assert len(PARAGRAPHS) == 1 + 1 + 33 + 45
    assert PARAGRAPHS[""].startswith("Joint Ministerial Statement of the 2014 high-level review")
    assert PARAGRAPHS["para. 33 A.13"].endswith("global and regional cooperation frameworks;")
    assert PARAGRAPHS["para. 33 C.45"].endswith("disrupted and dismantled.")


def test_every_entry_has_id_text_source_and_topic_as_non_empty_strings():
    bad = [
        (entry_name(entry), field)
        for entry in ENTRIES
        for field in REQUIRED
        if not isinstance(entry.get(field), str) or not entry[field].strip()
    ]
    assert not bad


def test_verified_is_always_a_boolean():
    assert all(isinstance(entry.get("verified"), bool) for entry in ENTRIES)


def test_entries_use_only_known_keys_in_the_documented_order():
    for entry in ENTRIES:
        keys = list(entry)
        assert set(keys) <= set(KEY_ORDER), (entry_name(entry), set(keys) - set(KEY_ORDER))
        assert keys == sorted(keys, key=KEY_ORDER.index), entry_name(entry)


def test_optional_fields_have_the_right_types():
    for entry in ENTRIES:
        also_in = entry.get("also_in", [])
        assert isinstance(also_in, list), entry_name(entry)
        assert all(isinstance(item, str) for item in also_in), entry_name(entry)
        for field in ("note", "lang"):
            if field in entry:
                assert isinstance(entry[field], str) and entry[field].strip(), entry_name(entry)


def test_ids_are_unique_and_kebab_case():
    ids = [entry["id"] for entry in ENTRIES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert not [i for i in ids if not KEBAB.match(i)]


def test_no_two_entries_give_the_same_text():
    seen: dict[str, str] = {}
    duplicates = []
    for entry in ENTRIES:
        key = normalise(entry["text"]).casefold()
        if key in seen:
            duplicates.append((seen[key], entry["id"]))
        seen[key] = entry["id"]
    assert not duplicates


def test_texts_are_trimmed_single_line_phrases_without_trailing_punctuation():
    for entry in ENTRIES:
        text = entry["text"]
        assert text == normalise(text), entry_name(entry)
        assert not text.endswith((",", ";", ":", ".")), entry_name(entry)
        assert "*" not in text and not set(text) & set(SUPERSCRIPTS), entry_name(entry)


def test_every_source_and_also_in_item_is_well_formed():
    bad = [
        (entry_name(entry), reference)
        for entry in ENTRIES
        for reference in [entry["source"], *entry.get("also_in", [])]
        if not SOURCE.match(reference)
    ]
    assert not bad


def test_also_in_never_repeats_the_source_or_itself():
    for entry in ENTRIES:
        also_in = entry.get("also_in", [])
        assert entry["source"] not in also_in, entry_name(entry)
        assert len(also_in) == len(set(also_in)), entry_name(entry)


def test_each_file_holds_one_topic_named_like_the_file():
    for stem, entries in FILES.items():
        assert entries, f"{stem}.toml has no [[entry]] tables"
        assert {entry["topic"] for entry in entries} == {stem}


def test_verified_statement_entries_are_printed_verbatim_in_annex_one():
    missing = [
        entry_name(entry)
        for entry in ENTRIES
        if entry["source"].startswith("E/2014/28")
        and entry["verified"] is True
        and normalise(entry["text"]) not in ANNEX_ONE
    ]
    assert not missing


def test_statement_references_name_the_paragraph_that_holds_the_wording():
    checked = 0
    for entry in ENTRIES:
        for reference in [entry["source"], *entry.get("also_in", [])]:
            if not reference.startswith("E/2014/28"):
                continue
            match = JMS_REFERENCE.match(reference)
            assert match, (entry_name(entry), reference, f"expected {JMS}[, preamble | , para. N]")
            paragraph = PARAGRAPHS[match.group("where") or ""]
            assert normalise(entry["text"]) in paragraph, (entry_name(entry), reference)
            checked += 1
    assert checked >= 100


def test_entries_citing_the_statement_are_marked_verified():
    assert not [
        entry_name(entry)
        for entry in ENTRIES
        if entry["source"].startswith("E/2014/28") and entry["verified"] is not True
    ]


def test_annex_two_round_table_summaries_are_left_out_of_the_statement_text():
    assert "not subject to negotiation" not in ANNEX_ONE
    assert "Round-table discussions of the high-level segment" not in ANNEX_ONE

"""Adopted texts as agreed language: a folder's documents, each cited by the symbol it
prints (A/RES/71/211, E/2014/28, E/CN.7/2014/L.1, A/RES/S-30/1) and cut into passages
that keep the paragraph label the document gives them (PP3, OP7).

The files are read by the importers (txt, md, docx, pdf, chosen by content); this layer
may not import them (import contracts), so the front door hands the index (`app.glossary.index`) a function
that turns a file into a draft. The symbol is looked for in the document's own first
lines (the masthead, a Word header, a PDF's first page), the file name only as a last
resort (``A_RES_71_211.pdf``, as the ODS names downloads).

**The passage.** A delegate quotes a clause, not a paragraph: "in accordance with the
three international drug control conventions", cut out of a 90-word OP. The checker
reports a near-miss only where a text holds most of an entry's words in place, so an
entry as long as a paragraph is never matched by a text quoting a part of it. Measured
(`python bench/sources_speed.py --units`: 177 clauses of the statement and of the GA
resolutions in tests/data/sources, one content word substituted, quoted inside other
words): near-misses found 0.00 with whole paragraphs as entries, 0.02 with sentences,
0.99 with clauses cut at ``;``, ``,`` and ``:``, a piece under :data:`MIN_WORDS` words joined
to the next (shorter pieces, "as appropriate", match any text). On the real variants of
tests/glossary_quality (formulations changed between successive resolutions, the
earlier one cut as sources are) clauses lose little: every kind 1.00 as whole, multiple
edits 0.73 instead of 0.80. Keeping each short paragraph whole as well made the
statement's check against 50 resolutions 0.85 s instead of 0.47 s for no more found:
left out (:data:`WHOLE_UP_TO` is 0).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from app.core.draft import Draft, Kind
from app.core.errors import DraftroomError
from app.core.labels import labels
from app.glossary.words import Word, words

#: A UN document symbol: organ, then slash-separated parts, one of them a number.
SYMBOL = re.compile(
    r"(?<![\w/.])(?:A|E|S|ST|UNEP|FCCC|TD|CRC|CEDAW|CCPR|DP|ECE)(?:/[A-Z][A-Za-z.]*\d*)*"
    r"(?:/(?:S-|ES-)?\d+(?:\.\d+)?(?:/[A-Za-z]+(?:\.\d+)?)*)+(?:/Rev\.\d+|/Add\.\d+)*"
    r"(?![\w/])"
)
_MONTHS = {
    m: n + 1
    for n, m in enumerate(
        "January February March April May June July August September October November "
        "December".split()
    )
}
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r") ((?:19|20)\d\d)\b")
_ADOPTED = re.compile(r"adopted[^\n]{0,80}? on " + _DATE.pattern)
MIN_WORDS = 6
"""A clause shorter than this is joined to the next: alone it would match any text."""
WHOLE_UP_TO = 0
"""A paragraph up to this many words is also an entry whole (0: none, see above)."""
HEAD_LINES = 25
"""How many of a document's first lines are searched for its symbol."""
_CUT = re.compile(r"(?<=[;,:])\s+")
#: Where one preambular paragraph of a resolution ends and the next opens.
_PREAMBLE_CUT = re.compile(
    r"(?<=,)\s+(?=(?:[A-Z][a-z]+ing|Deeply|Gravely|Seriously|Convinced|Aware|Mindful|Conscious|"
    r"Determined|Alarmed|Concerned|Guided|Desirous|Committed|Cognizant|Encouraged|Pleased)\b)"
)
#: The committee report a resolution was adopted on ("[on the report of the Third
#: Committee (A/71/484)]"), which the notation reader takes for a bracket.
_REPORT = re.compile(r"^\[?on the report of\b|^\[?without reference to a\b")
#: The organ's opening words before its first preambular paragraph.
_ORGAN = re.compile(
    r"^(?:The|We,?) (?:General Assembly|Economic and Social Council|Human Rights Council|"
    r"Security Council|Commission on [A-Z][\w ]+?|Conference of the Parties[\w ]*?),\s*"
)


@dataclass(slots=True)
class Passage:
    """Agreed wording: a clause or a paragraph of an adopted text, where it stands."""

    text: str
    paragraph: str
    """The label the document gives the paragraph (``OP7``, ``PP3``)."""
    keys: str = ""
    """Its words as the checker compares them, space-separated, and where each stands
    (`offsets`, start and end): kept in the index, so a check neither reads every word
    of 50 resolutions again nor picks its candidates from more than these."""
    offsets: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.keys:
            found = words(self.text)
            self.keys = " ".join(w.key for w in found)
            self.offsets = [at for w in found for at in (w.start, w.end)]

    def words(self) -> list[Word]:
        """The passage's words as `app.glossary.words.words` gives them."""
        at = self.offsets
        return [Word(k, at[2 * i], at[2 * i + 1]) for i, k in enumerate(self.keys.split())]


@dataclass(slots=True)
class SourceDocument:
    """One adopted text of a sources folder, as the index keeps it."""

    symbol: str
    date: tuple[int, int, int]
    """When adopted (or issued), for newest-first citations; (0, 0, 0) when unknown."""
    file: str
    passages: list[Passage] = field(default_factory=list)
    symbol_from_name: bool = False
    """The symbol was not found in the text: the file's name stands for it."""

    def to_json(self) -> dict[str, object]:
        return {
            "symbol": self.symbol, "date": list(self.date), "file": self.file,
            "symbol_from_name": self.symbol_from_name,
            "passages": [[p.paragraph, p.text, p.keys, p.offsets] for p in self.passages],
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, object], file: str) -> SourceDocument:
        date = tuple(int(x) for x in data["date"])  # type: ignore[attr-defined]
        passages = [Passage(t, p, k, o) for p, t, k, o in data["passages"]]  # type: ignore[attr-defined]
        return cls(
            str(data["symbol"]), (date[0], date[1], date[2]), file, passages,
            bool(data.get("symbol_from_name")),
        )  # fmt: skip


#: Reads a file into a draft (the importers' `import_file`, handed in by the front door).
Reader = Callable[[Path], Draft]

SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def source_files(folder: Path) -> list[Path]:
    """The files of a sources folder that may be adopted texts, in name order (hidden
    files and other suffixes left out: a folder also holds notes and spreadsheets)."""
    if not folder.is_dir():
        kind = "a file" if folder.exists() else "no such folder"
        raise DraftroomError(
            f"is {kind}, not a folder of adopted texts" if folder.exists() else kind,
            path=folder,
            hint="give --sources a folder of .txt, .md, .docx or .pdf files",
        )
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith((".", "~$"))
    )


def content_key(data: bytes) -> str:
    """What a file is known by in the index: a hash of its content (not its name or
    time: a copy is indexed once, a touched file not again)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def document_of(path: Path, data: bytes, draft: Draft) -> SourceDocument:
    """The adopted text `draft` read from `path` (whose bytes are `data`): its symbol,
    date and passages."""
    head = head_text(data)
    found = [line for line in head.splitlines() if line.strip()][:HEAD_LINES]
    head_lines = [
        *found,
        draft.document.title,
        draft.document.report_title,
        *draft.document.cover,
        draft.document.date,
    ]
    symbol = find_symbol(head_lines)
    from_name = not symbol
    if not symbol:
        symbol = symbol_from_name(path)
    date = find_date(head_lines) or _year_of(symbol)
    passages = [
        passage
        for label, text in labelled_paragraphs(draft)
        for passage in passages_of(text, label)
    ]
    if not passages:
        raise DraftroomError(
            "holds no paragraphs of text", path=path, hint="is it a scan, or empty?"
        )
    return SourceDocument(symbol, date, str(path), passages, from_name)


def labelled_paragraphs(draft: Draft, *, everything: bool = False) -> list[tuple[str, str]]:
    """The document's paragraphs with their labels. Operative paragraphs keep the
    importer's labels (their printed numbers); the preamble is counted again, because a
    resolution's preambular paragraphs end with a comma and the text importer, reading a
    comma as a sentence cut by a page break, joins them: they are cut again where a
    paragraph opens with a participle ("Recognizing", "Deeply concerned"), and the
    organ's opening words ("The General Assembly,") and the committee report in brackets
    left out. With `everything`, those and the headings are kept too, unlabelled (""):
    the document as a reader sees it, the cited paragraphs labelled as cited."""
    table = labels(draft)
    found: list[tuple[str, str]] = []
    preamble = 0
    for paragraph in draft.paragraphs:
        whole = " ".join(paragraph.text.split())
        if paragraph.is_heading or paragraph.kind is Kind.HEADING:
            if everything and whole:
                found.append(("", whole))
            continue
        if paragraph.kind is Kind.PREAMBULAR:
            text = _ORGAN.sub("", whole)
            if everything and whole[: len(whole) - len(text)].strip():
                found.append(("", whole[: len(whole) - len(text)].strip()))
            if not text or _REPORT.match(text):
                if everything and text:
                    found.append(("", text))
                continue
            for piece in _PREAMBLE_CUT.split(text):
                preamble += 1
                found.append(
                    (f"PP{preamble}{' ' + paragraph.suffix if paragraph.suffix else ''}", piece)
                )
        elif paragraph.kind is Kind.OPERATIVE or paragraph.number:
            found.append((table[paragraph.id], paragraph.text))
        elif everything and whole:
            found.append(("", whole))
    return found


def passages_of(text: str, label: str) -> list[Passage]:
    """A paragraph's clauses (cut at ``;``, ``,`` and ``:``; pieces under
    :data:`MIN_WORDS` words joined to the next), and the paragraph whole when short."""
    text = " ".join(text.split())
    pieces = [p for p in _CUT.split(text) if p]
    clauses: list[str] = []
    pending = ""
    for piece in pieces:
        pending = f"{pending} {piece}" if pending else piece
        if len(pending.split()) >= MIN_WORDS:
            clauses.append(pending)
            pending = ""
    if pending:
        if clauses and len(pending.split()) < MIN_WORDS:
            clauses[-1] = f"{clauses[-1]} {pending}"
        else:
            clauses.append(pending)
    clauses = [c.rstrip(";,:.") for c in clauses]
    found = [Passage(c, label) for c in clauses if len(c.split()) >= 3]
    whole = text.rstrip(";,:.")
    if len(clauses) > 1 and len(whole.split()) <= WHOLE_UP_TO:
        found.append(Passage(whole, label))
    return found


def head_text(data: bytes) -> str:
    """The first lines of a file as printed, the masthead included: a Word file's
    header and first paragraphs, a PDF's first page, a text's first lines."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = sorted(n for n in archive.namelist() if re.match(r"word/header\d*\.xml", n))
                parts = [archive.read(n)[:20000] for n in names]
                parts.append(archive.read("word/document.xml")[:60000])
        except (zipfile.BadZipFile, KeyError, OSError):
            return ""
        xml = b"\n".join(parts).decode("utf-8", "replace")
        xml = re.sub(r"</w:p>", "\n", xml)
        return re.sub(r"<[^>]+>", "", xml)
    if data.startswith(b"%PDF"):
        return _pdf_first_page(data)
    return data[:6000].decode("utf-8", "replace")


def _pdf_first_page(data: bytes) -> str:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return ""
    try:
        if len(document) == 0:
            return ""
        page = document[0]
        text = str(page.get_textpage().get_text_range())
        return text.replace("\r\n", "\n")
    finally:
        document.close()


def find_symbol(lines: list[str]) -> str:
    """The document's own symbol: the first in its first lines, leaving out footnotes
    (``* A/69/50.``) and symbols in parentheses or brackets (``[on the report of the
    Third Committee (A/71/484)]``), which name other documents."""
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(("*", "[", "(")) or re.match(r"\d+ ", stripped):
            continue
        for match in SYMBOL.finditer(stripped):
            before = stripped[: match.start()]
            if before.count("(") > before.count(")") or before.count("[") > before.count("]"):
                continue
            return match.group()
    return ""


def symbol_from_name(path: Path) -> str:
    """A symbol from a file name as the UN's document system names downloads
    (``A_RES_71_211.pdf``, ``E_CN.7_2014_L.1.docx``), else the file name itself."""
    candidate = path.stem.replace("_", "/")
    match = SYMBOL.fullmatch(candidate)
    return match.group() if match else path.name


def find_date(lines: list[str]) -> tuple[int, int, int] | None:
    """When the document was adopted ("adopted … on 19 December 2016"), else the first
    date its first lines give (the distribution date)."""
    text = "\n".join(lines)
    found = _ADOPTED.search(text) or _DATE.search(text)
    if not found:
        return None
    day, month, year = found.groups()[-3:]
    return (int(year), _MONTHS[month], int(day))


def _year_of(symbol: str) -> tuple[int, int, int]:
    """A year from the symbol when the text gives no date: E/2014/28 is 2014; a General
    Assembly session N opens in 1945 + N (A/RES/71/211: 2016)."""
    years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", symbol)
    if years:
        return (int(years[0]), 0, 0)
    session = re.match(r"A/(?:RES/)?(\d{1,2})/", symbol)
    if session:
        return (1945 + int(session.group(1)), 0, 0)
    return (0, 0, 0)

"""What of a draft the checker reads: each paragraph as it now reads, and as each proposal
would have it read, so a near-miss proposed by a delegation is caught before it is agreed.

A proposal's reading is checked only near its bracket (`Surroundings.near`): anything
farther than the longest agreed formulation from the bracket reads as in the paragraph
itself, whose findings are reported once. Reading every proposal's whole paragraph made a
paragraph of N brackets cost N² (2,000 brackets: 18 s; now linear)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from app.core.brackets import Bracket, Surroundings, current_option, reading_with
from app.core.draft import Draft, Paragraph, Status
from app.core.labels import labels
from app.glossary.checker import Checker, Finding


@dataclass(slots=True)
class Reading:
    """A text to check: a paragraph as it reads, or a passage of it as a proposal would
    have it read."""

    label: str
    text: str
    proposal: bool = False
    cut_before: bool = False
    """Whether the passage starts inside the paragraph (findings at its edges are cut)."""
    cut_after: bool = False
    offset: Callable[[], int] | None = None
    """Where the passage starts in the proposal's whole reading (asked only for what is
    reported: the places of findings are in the whole reading)."""


def paragraph_readings(paragraph: Paragraph, label: str, reach: int) -> list[Reading]:
    """The paragraph as it reads, then as each proposal would have it read (within `reach`
    characters of its bracket)."""
    found = [Reading(label, paragraph.text)]
    top = {id(part): at for at, part in enumerate(paragraph.content) if isinstance(part, Bracket)}
    around: Surroundings | None = None
    for bracket in paragraph.brackets:
        for option in bracket.options:
            if option is current_option(bracket) or option.empty:
                continue
            who = f": {', '.join(option.supporters)}" if option.supporters else ""
            name = f"{label} [{bracket.id}{who}]"

            at = top.get(id(bracket))
            if at is None:  # a bracket inside another's option: read the paragraph whole
                text = reading_with(paragraph.content, bracket, option)
                found.append(Reading(name, text, proposal=True))
                continue
            around = around or Surroundings(paragraph.content)
            text, before, after = around.near(at, option, reach)
            offset = partial(around.offset, at)
            found.append(Reading(name, text, True, before, after, offset))
    return found


def readings(draft: Draft, reach: int) -> list[Reading]:
    """Every negotiable paragraph and every proposal in it."""
    table = labels(draft)
    return [
        reading_
        for paragraph in draft.paragraphs
        if paragraph.negotiable and paragraph.status is not Status.DELETED
        for reading_ in paragraph_readings(paragraph, table[paragraph.id], reach)
    ]


def check_draft(draft: Draft, checker: Checker) -> list[Finding]:
    """Findings in a draft: those of each paragraph as it reads, then those a proposal
    would bring (a finding the paragraph already has is not repeated for each proposal)."""
    return _without_repeats(readings(draft, _reach(checker)), checker)


def check_paragraph(paragraph: Paragraph, label: str, checker: Checker) -> list[Finding]:
    """The same for one paragraph (what the drafting room's panel shows)."""
    return _without_repeats(paragraph_readings(paragraph, label, _reach(checker)), checker)


def _reach(checker: Checker) -> int:
    """How far either side of a bracket a proposal's reading is checked: twice the longest
    formulation, so one that touches the bracket lies whole inside, away from the cuts."""
    return 2 * checker.longest + 80


def _without_repeats(texts: list[Reading], checker: Checker) -> list[Finding]:
    findings: list[Finding] = []
    base: set[tuple[str, str]] = set()
    margin = checker.longest + 40
    # all at once: a long draft's votes are counted together and shared between cores
    found = checker.check_each((reading_.label, reading_.text) for reading_ in texts)
    for reading_, its_findings in zip(texts, found, strict=True):
        for finding in its_findings:
            key = (finding.entry.id, finding.found_text)
            if not reading_.proposal:
                base.add(key)
                findings.append(finding)
                continue
            if (reading_.cut_before and finding.start < margin) or (
                reading_.cut_after and finding.end > len(reading_.text) - margin
            ):
                continue  # far from the bracket: the paragraph's own reading has it
            if key in base:
                continue
            if reading_.cut_before and reading_.offset is not None:
                shift = reading_.offset()
                finding.start += shift
                finding.end += shift
            findings.append(finding)
    return findings

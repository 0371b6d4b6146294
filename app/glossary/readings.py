"""What of a draft the checker reads: each paragraph as it now reads, and as each proposal
would have it read, so a near-miss proposed by a delegation is caught before it is agreed."""

from __future__ import annotations

from app.core.brackets import current_option, reading_with
from app.core.draft import Draft, Paragraph, Status
from app.core.labels import labels
from app.glossary.checker import Checker, Finding


def paragraph_readings(paragraph: Paragraph, label: str) -> list[tuple[str, str]]:
    """(label, text): the paragraph as it reads, then as each proposal would have it read."""
    found = [(label, paragraph.text)]
    for bracket in paragraph.brackets:
        for option in bracket.options:
            if option is current_option(bracket) or option.empty:
                continue
            who = f": {', '.join(option.supporters)}" if option.supporters else ""
            text = reading_with(paragraph.content, bracket, option)
            found.append((f"{label} [{bracket.id}{who}]", text))
    return found


def readings(draft: Draft) -> list[tuple[str, str]]:
    """(label, text) for every negotiable paragraph and every proposal in it."""
    table = labels(draft)
    return [
        reading_
        for paragraph in draft.paragraphs
        if paragraph.negotiable and paragraph.status is not Status.DELETED
        for reading_ in paragraph_readings(paragraph, table[paragraph.id])
    ]


def check_draft(draft: Draft, checker: Checker) -> list[Finding]:
    """Findings in a draft: those of each paragraph as it reads, then those a proposal
    would bring (a finding the paragraph already has is not repeated for each proposal)."""
    return _without_repeats(readings(draft), checker)


def check_paragraph(paragraph: Paragraph, label: str, checker: Checker) -> list[Finding]:
    """The same for one paragraph (what the drafting room's panel shows)."""
    return _without_repeats(paragraph_readings(paragraph, label), checker)


def _without_repeats(texts: list[tuple[str, str]], checker: Checker) -> list[Finding]:
    findings: list[Finding] = []
    base: set[tuple[str, str]] = set()
    for label, text in texts:
        is_proposal = label.endswith("]")
        for finding in checker.check_paragraph(label, text):
            key = (finding.entry.id, finding.found_text)
            if not is_proposal:
                base.add(key)
                findings.append(finding)
            elif key not in base:
                findings.append(finding)
    return findings

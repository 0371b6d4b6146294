"""Make `drafts/cnd-2014-demo/`: the statement with an illustrative negotiation in progress.

Every step is a `draftroom` command (run in-process through `app.cli.main`), so the demo is
what a facilitator would get by typing them. The negotiation is invented for illustration;
the draft's title says so.

    .venv/bin/python scripts/make_demo.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from app.cli import main
from app.core.labels import find
from app.store.store import load_draft

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "drafts" / "cnd-2014-high-level-review.txt"
DEMO = ROOT / "drafts" / "cnd-2014-demo"
TITLE = (
    "ILLUSTRATIVE NEGOTIATION (not a UN document): Joint Ministerial Statement of the 2014 "
    "high-level review, with invented proposals by delegations"
)


def run(*args: str) -> None:
    code = main([str(a) for a in args])
    if code not in (0, 1):
        sys.exit(f"make_demo: `draftroom {' '.join(args)}` failed ({code})")


def propose(label: str, by: str, old: str, new: str) -> None:
    """A delegation's wording: the paragraph as it reads now, `old` replaced by `new`."""
    text = find(load_draft(DEMO), label).text
    if old not in text:
        sys.exit(f"make_demo: {old!r} is not in {label}")
    run("propose", DEMO, label, "--by", by, "--text", text.replace(old, new, 1))


def bracket_of(label: str, n: int = -1) -> str:
    return find(load_draft(DEMO), label).brackets[n].id


def build() -> None:
    if DEMO.exists():
        shutil.rmtree(DEMO)
    run("import", SOURCE, "-o", DEMO, "--name", "cnd-2014-demo", "--title", TITLE)
    # OP23: the shared-responsibility formula and the conventions (OP1 is left clean)
    propose(
        "OP23",
        "EU",
        "in a comprehensive, integrated and balanced manner",
        "in a comprehensive, integrated, balanced and human rights-based manner",
    )
    run("oppose", DEMO, bracket_of("OP23"), "--by", "Russian Federation")
    propose(
        "OP23",
        "Iran (Islamic Republic of)",
        "in full conformity with the three international",
        "in accordance with the three international",
    )
    run("support", DEMO, bracket_of("OP23"), "--by", "Pakistan")
    # OP2: the conventions as the cornerstone
    propose("OP2", "Colombia", "constitute the cornerstone", "remain the cornerstone")
    run("support", DEMO, bracket_of("OP2"), "--by", "Mexico")
    propose(
        "OP2",
        "Uruguay",
        "and other relevant international instruments",
        "and other relevant international instruments, including human rights instruments,",
    )
    run("oppose", DEMO, bracket_of("OP2"), "--by", "China")
    # OP5 agreed ad ref, OP9 agreed in informals
    run("mark", DEMO, "OP5", "agreed ad ref")
    run("mark", DEMO, "OP9", "agreed in informals")
    # OP7: replacement and insertion
    propose(
        "OP7",
        "Switzerland",
        "drug trafficking and abuse pose",
        "drug trafficking and drug use disorders pose",
    )
    run("oppose", DEMO, bracket_of("OP7"), "--by", "Saudi Arabia")
    propose(
        "OP7",
        "Norway",
        "political stability and democratic institutions",
        "political stability, human rights and democratic institutions",
    )
    # OP7 bis: a new paragraph
    run("insert", DEMO, "OP7", "--by", "CELAC", "--text",
        "Recognize that drug policies should be implemented in full respect of human rights, "
        "including the right to health;")  # fmt: skip
    run("support", DEMO, bracket_of("OP7 bis"), "--by", "EU")
    run("oppose", DEMO, bracket_of("OP7 bis"), "--by", "Singapore")
    # OP11: deletion and a pending delegation
    propose("OP11", "US", " in the light of the current situation and policies,", "")
    run("support", DEMO, bracket_of("OP11"), "--by", "Canada", "--option", "1")
    run("mark", DEMO, "OP12", "pending", "--by", "Egypt")
    # OP15: civil society
    propose("OP15", "G77 and China", "should be enabled to play", "may play")
    propose(
        "OP15",
        "EU",
        "note with appreciation their important contribution",
        "note with appreciation their essential contribution",
    )
    run("support", DEMO, bracket_of("OP15"), "--by", "Australia")
    # OP22 agreed; OP25 harm reduction
    run("agree", DEMO, "OP22")
    propose(
        "OP25",
        "EU",
        "justice and law enforcement sectors",
        "justice, social and law enforcement sectors",
    )
    propose(
        "OP25",
        "Brazil",
        "where appropriate;",
        "where appropriate, including harm reduction measures;",
    )
    run("oppose", DEMO, bracket_of("OP25"), "--by", "Russian Federation")
    run("oppose", DEMO, bracket_of("OP25"), "--by", "Japan")
    # OP29 reserved
    propose(
        "OP29",
        "Holy See",
        "in cooperation, as appropriate, with relevant stakeholders",
        "in cooperation with relevant stakeholders, as appropriate",
    )
    run("mark", DEMO, "OP27", "reserved", "--by", "Iran (Islamic Republic of)")
    # OP33 A 2 and A 12: the Technical Guide
    propose(
        "OP33 A 2",
        "Russian Federation",
        " and, in accordance with the fundamental principles of their domestic legal systems and national legislation,",
        "",
    )
    run("oppose", DEMO, bracket_of("OP33 A 2"), "--by", "EU")
    propose("OP33 A 12", "Norway", "to consider providing, as appropriate,", "to provide")
    run("support", DEMO, bracket_of("OP33 A 12"), "--by", "Switzerland")
    propose(
        "OP33 A 12",
        "Singapore",
        "negative public health and social impacts",
        "negative public health and social consequences",
    )
    # OP33 B 29: tramadol
    propose(
        "OP33 B 29",
        "Egypt",
        "synthetic opioid analgesics not under international control, in particular tramadol,",
        "synthetic opioid analgesics, in particular tramadol,",
    )
    run("oppose", DEMO, bracket_of("OP33 B 29"), "--by", "WHO")
    propose(
        "OP33 B 29",
        "Ghana",
        "for the effective treatment of moderate to severe pain",
        "for the treatment of pain",
    )
    # OP33 C 44: the FATF
    propose(
        "OP33 C 44",
        "India",
        "the Forty Recommendations on Money-Laundering of the Financial Action Task Force",
        "the recommendations of the Financial Action Task Force",
    )
    run("withdraw", DEMO, bracket_of("OP33 C 44"), "--by", "India")
    propose(
        "OP33 C 44",
        "Brazil",
        "serious crimes of a transnational nature",
        "serious crimes of a transnational nature, including corruption",
    )
    run("agree", DEMO, bracket_of("OP33 C 44"), "--to", "Brazil")
    run("agree", DEMO, "OP33 C 44")
    # OP13, OP14, OP16: institutions and access to controlled medicines
    propose(
        "OP13", "Venezuela (Bolivarian Republic of)", "the principal role of", "the central role of"
    )
    run("oppose", DEMO, bracket_of("OP13"), "--by", "EU")
    propose(
        "OP14",
        "African Group",
        "including opiates, for medical",
        "including opiates, for pain relief and palliative care and for medical",
    )
    run("support", DEMO, bracket_of("OP14"), "--by", "Uganda")
    propose(
        "OP14", "Côte d'Ivoire", "Call for continued cooperation", "Call for enhanced cooperation"
    )
    propose("OP16", "Arab Group", "in early 2016,", "in April 2016,")
    run("support", DEMO, bracket_of("OP16"), "--by", "G77 and China", "--option", "1")
    propose(
        "OP16",
        "Bolivia (Plurinational State of)",
        "a special session on the world drug problem",
        "a special session on the world drug problem and its impacts on development",
    )
    run("package", DEMO, "A", "OP33 A 2", "OP33 A 12")
    run("revise", DEMO)
    run("status", DEMO)


if __name__ == "__main__":
    build()

"""Real variants from the last two texts of the Paris negotiation: the draft agreement of
9 December 2015 and the agreement adopted on 12 December (tests/corpus/unfccc-cop21).

What negotiators changed in those three days is a set of real variants nobody here wrote:
each paragraph of the draft without brackets is paired with the adopted paragraph it became
(rapidfuzz's ratio >= 70), their words compared (difflib's SequenceMatcher, word by word),
and each change of at most three words gives one pair: the draft's words around it (six on
each side, no other change among them; for a substitution or deletion also a second pair
whose formulation opens with the change, the edge case) as the entry, the adopted paragraph
as the text; a formulation stays within a sentence. Two or three changes within twelve words give a `multiple` pair; a paragraph
that did not change gives one `exact` pair (its middle sixteen words). Head phrases and moved
words are not told apart by a diff: the few of those are labelled by hand in
real_variants.toml. Every pair's group is its paragraph pair, so the held-out rule (CRC-32
of the group) keeps a paragraph's pairs on one side.

The earlier steps (23 October -> 4 December -> 9 December) give a second file, every pair
of it held out: it was made after the tuning and never tuned on.

    .venv/bin/python -m tests.glossary_quality.make_unfccc_variants   # rewrites both files
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus" / "unfccc-cop21"
DRAFT = CORPUS / "draft-agreement-2015-12-09-bracketed.txt"
FINAL = CORPUS / "paris-agreement-2015-12-12-final.txt"
OUT = HERE / "real_variants_unfccc.toml"
FRESH = HERE / "real_variants_unfccc_fresh.toml"
#: The earlier steps of the negotiation, made into pairs after the matcher was tuned and
#: never tuned on: all held out (a second, unseen check).
EARLIER = (
    ("draft-agreement-2015-10-23-bracketed.txt", "draft-agreement-2015-12-04-bracketed.txt"),
    ("draft-agreement-2015-12-04-bracketed.txt", "draft-agreement-2015-12-09-bracketed.txt"),
)
_DATES = {"10-23": "23 October", "12-04": "4 December", "12-09": "9 December"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
CONTEXT = 6
MAX_EDIT = 3


def paragraphs(path: Path) -> list[str]:
    body = path.read_text(encoding="utf-8").split("-----", 1)[-1]
    return [p.strip() for p in re.split(r"\n\s*\n", body) if len(p.split()) >= 12]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _label(path: Path) -> str:
    if "final" in path.name:
        return "Paris Agreement, 12 December 2015"
    return f"UNFCCC draft agreement, {_DATES[path.name[21:26]]} 2015"  # …-2015-MM-DD-…


def build(
    draft_path: Path = DRAFT, final_path: Path = FINAL, fresh: bool = False
) -> list[dict[str, str | bool]]:
    """Pairs from one step of the negotiation: `draft_path`'s unbracketed paragraphs
    against what `final_path` made of them."""
    draft = [p for p in paragraphs(draft_path) if "[" not in p and "{" not in p]
    final = paragraphs(final_path)
    step = f"unfccc-{draft_path.name[16:26]}~{final_path.name[16:26]}" if fresh else "unfccc-9dec"
    pairs: list[dict[str, str | bool]] = []
    used: set[int] = set()
    for f_at, adopted in enumerate(final):
        scores = [(fuzz.ratio(d, adopted), d_at) for d_at, d in enumerate(draft)]
        score, d_at = max(scores, default=(0.0, -1))
        if score < 70 or d_at in used:
            continue
        used.add(d_at)
        source = draft[d_at]
        spans = [m.span() for m in _WORD.finditer(source)]
        a = [source[s:e].casefold() for s, e in spans]
        b = [m.group().casefold() for m in _WORD.finditer(adopted)]
        group = f"{step}-{d_at}~{f_at}" if fresh else f"{step}-{d_at}~12dec-{f_at}"

        def entry(lo: int, hi: int, spans: list[tuple[int, int]] = spans, src: str = source) -> str:
            return src[spans[lo][0] : spans[hi - 1][1]]

        def add(
            kind: str, edge: str, lo: int, hi: int, n: int, group: str = group, text: str = adopted
        ) -> None:
            if re.search(r"[.;:]\s", entry(lo, hi)):
                return  # a formulation stays within a sentence
            pair: dict[str, str | bool] = {
                "id": f"{group}-{n}-{kind}{'-' + edge if edge else ''}",
                "group": group,
                "kind": kind,
                "edge": edge,
                "entry": entry(lo, hi),
                "entry_source": _label(draft_path),
                "text": text,
                "text_source": _label(final_path),
            }
            if fresh:
                pair["fresh"] = True
            pairs.append(pair)

        ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        edits = [op for op in ops if op[0] != "equal"]
        if not edits:
            middle = max(0, len(a) // 2 - 8)
            add("exact", "", middle, min(len(a), middle + 16), 0)
            continue
        for n, (tag, i1, i2, j1, j2) in enumerate(edits):
            if max(i2 - i1, j2 - j1) > MAX_EDIT:
                continue
            others = [e for e in edits if e is not edits[n]]
            lo, hi = i1 - CONTEXT, i2 + CONTEXT
            clear = all(e[2] <= lo or e[1] >= hi for e in others)
            kind = {"replace": "substitution", "delete": "deletion", "insert": "insertion"}[tag]
            if lo >= 0 and hi <= len(a) and clear:
                add(kind, "", lo, hi, n)
            edge_hi = i1 + 2 * CONTEXT
            if (
                tag != "insert"
                and edge_hi <= len(a)
                and all(e[2] <= i1 or e[1] >= edge_hi for e in others)
            ):
                add(kind, "start", i1, edge_hi, n)
            # two or three changes close together, each small
            close = [
                e
                for e in edits[n : n + 3]
                if e[1] - i1 <= 12 and max(e[2] - e[1], e[4] - e[3]) <= MAX_EDIT
            ]
            if len(close) >= 2 and close[:2] == edits[n : n + 2]:
                last = close[-1]
                lo, hi = i1 - 3, last[2] + 3
                rest = [e for e in edits if e not in close]
                if lo >= 0 and hi <= len(a) and all(e[2] <= lo or e[1] >= hi for e in rest):
                    add("multiple", "", lo, hi, n)
    return pairs


def write(pairs: list[dict[str, str | bool]], out: Path, what: str) -> None:
    lines = [
        "# Generated by tests/glossary_quality/make_unfccc_variants.py: real variants between",
        f"# {what} (see its docstring). Same fields as real_variants.toml.",
    ]
    for pair in pairs:
        lines.append("\n[[pair]]")
        lines += [
            f"{key} = {'true' if value is True else _quote(str(value))}"
            for key, value in pair.items()
        ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    made = build()
    write(made, OUT, "the draft agreement of 9 December 2015 and the Paris Agreement")
    print(f"{len(made)} pairs written to {OUT}")
    fresh = [p for a, b in EARLIER for p in build(CORPUS / a, CORPUS / b, fresh=True)]
    write(fresh, FRESH, "the drafts of 23 October, 4 and 9 December 2015; all held out")
    print(f"{len(fresh)} pairs written to {FRESH}")


if __name__ == "__main__":
    main()

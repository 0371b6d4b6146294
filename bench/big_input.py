"""How Draftroom copes with a very large text: time and peak memory of each stage.

A compilation text of about SIZE megabytes (default 10) is generated: numbered paragraphs
with tagged and untagged brackets, footnote marks, Arabic, Chinese, combining accents and
emoji, and one 100,000-character paragraph. It is imported, saved, loaded back, counted,
and the draft loaded is exported (clean and bracketed txt); each stage's wall time and the
process's peak resident memory (`ru_maxrss`) after it are printed, with the growth over the
memory held before the text was made. Every stage grows about linearly with the text (an
export looks footnotes up in an index built once per export).

    .venv/bin/python bench/big_input.py [SIZE_MB]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.tally import tally
from app.exports import export
from app.importers.importing import import_document
from app.store.store import load_draft, save_draft

PARAGRAPHS = [
    "Decides that States shall [take - EU; G77 delete] measures to address the world drug "
    "problem, [as appropriate][where possible], in accordance with national legislation;¹",
    "Recalls that [the principle of common and shared responsibility - EU, G77 retain / "
    "shared responsibility - US] guides [international cooperation];",
    "يؤكد أن الدول الأعضاء [ينبغي - EU; G77 delete] أن تتخذ التدابير المناسبة؛",
    "重申 会员国 [应当][可以] 采取 适当 措施 应对 世界 毒品 问题；",
    "Réaffirme l'engagement des États Membres [à coopérer - EU] pleinement e\u0301\u0301;",
    "Welcomes the progress made 👩\u200d⚕️🇺🇳 [in many regions - Japan] since 2009;",
]


def make_text(megabytes: float) -> str:
    """A compilation text of about the given size."""
    lines = ["Draft resolution on the world drug problem", ""]
    lines += ["1. " + ("Recalling its previous resolutions " * 2858).strip() + ";", ""]
    size = sum(len(line) for line in lines)
    number = 1
    while size < megabytes * 1_000_000:
        number += 1
        line = f"{number}. {PARAGRAPHS[number % len(PARAGRAPHS)]}"
        lines += [line, ""]
        size += len(line.encode()) + 2
    lines += ["¹ A/RES/70/1, para. 3.", ""]
    return "\n".join(lines)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    base = peak_mb()
    text = make_text(megabytes)
    print(f"text: {len(text.encode()) / 1e6:.1f} MB, {text.count(chr(10) * 2)} paragraphs")
    print(f"{'stage':<26} {'time':>8} {'peak RSS':>10} {'growth':>9}")

    def stage(name: str, started: float) -> None:
        print(
            f"{name:<26} {time.perf_counter() - started:>7.2f}s {peak_mb():>8.0f}MB "
            f"{peak_mb() - base:>7.0f}MB"
        )

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "big"
        started = time.perf_counter()
        warnings: list = []
        draft = import_document(text, name="big", warnings=warnings)
        stage(f"import ({len(draft.paragraphs)} paragraphs)", started)
        started = time.perf_counter()
        save_draft(draft, folder)
        stage("save (atomic, fsynced)", started)
        size = sum(p.stat().st_size for p in folder.rglob("*.toml")) / 1e6
        started = time.perf_counter()
        loaded = load_draft(folder)
        stage(f"load ({size:.1f} MB of TOML)", started)
        assert loaded == draft
        started = time.perf_counter()
        tally(loaded)
        stage("counters (status)", started)
        del draft
        for mode in ("clean", "bracketed"):
            started = time.perf_counter()
            export.render(loaded, mode, "txt")
            stage(f"export {mode} txt", started)


if __name__ == "__main__":
    main()

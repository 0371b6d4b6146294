"""Doubling the draft about doubles the cost of loading it, checking it and compiling a
return into it (issue 20), never more: a quadratic step shows as 4x. Generous margins
(3.5x for a doubling, best of three) so a busy machine does not fail them; the speed
figures themselves are `make bench-scale`, not tests."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import pytest

from app.core.room import Room
from app.exports.export import render
from app.glossary.checker import Checker
from app.glossary.entries import load_glossary
from app.importers.returns import compile_return
from app.importers.untext import import_un_text
from app.store.store import load_draft, save_draft

from .conftest import SOURCE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from _timing import best

MARGIN = 3.5


def _operative(source_text: str) -> list[str]:
    return re.findall(r"^\d+\. (\*[^*\n]+\*[^\n]+)$", source_text, flags=re.MULTILINE)


def _draft_text(count: int) -> str:
    """A statement of `count` operative paragraphs, the bundled statement's repeated."""
    paragraphs = _operative(SOURCE.read_text(encoding="utf-8"))
    body = [f"{n + 1}. {paragraphs[n % len(paragraphs)]}" for n in range(count)]
    return "Statement on the world drug problem\n\n" + "\n\n".join(body) + "\n"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    made = {}
    for count in (300, 600):
        folder = tmp_path_factory.mktemp(f"d{count}") / "draft"
        save_draft(import_un_text(_draft_text(count), name="scale"), folder)
        made[count] = folder
    return made


def _return(draft: Path) -> bytes:
    """The draft's clean DOCX with one word changed by the EU, with Track Changes on."""
    circulated = render(load_draft(draft), "clean", "docx")
    with zipfile.ZipFile(io.BytesIO(circulated)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode()
    at = xml.index("unwavering")
    edit = (
        '</w:t></w:r><w:del w:id="900" w:author="EU"><w:r><w:delText>unwavering</w:delText>'
        '</w:r></w:del><w:ins w:id="901" w:author="EU"><w:r><w:t>firm</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve">'
    )
    parts["word/document.xml"] = (xml[:at] + edit + xml[at + len("unwavering") :]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def _ratio(work) -> float:
    small, large = (best(lambda n=n: work(n), 3) for n in (300, 600))
    return large / small


def test_loading_a_draft_twice_as_long_takes_about_twice_the_time(drafts):
    assert _ratio(lambda n: load_draft(drafts[n])) < MARGIN


def test_checking_a_draft_twice_as_long_takes_about_twice_the_time(drafts):
    checker = Checker(load_glossary())
    texts = {n: [(p.id, p.text) for p in load_draft(d).negotiable] for n, d in drafts.items()}
    assert _ratio(lambda n: checker.check(texts[n])) < MARGIN


def test_compiling_a_return_into_a_draft_twice_as_long_takes_about_twice_the_time(drafts):
    returns = {n: _return(d) for n, d in drafts.items()}

    def compile_one(n: int) -> None:
        room = Room(load_draft(drafts[n]))
        compiled = compile_return(room, returns[n], "eu.docx")
        assert compiled.proposals == {"EU": ["OP1"]}

    assert _ratio(compile_one) < MARGIN

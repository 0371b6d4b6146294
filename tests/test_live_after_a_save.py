"""The page and the follower after a save: they read again and lay out again only what the
save changed, and what they show is what a fresh read of the draft lays out, whatever
the save did (a proposal, a new paragraph, a footnote's first citation moving, a new
delegation, an undo, a file edited by hand)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import session
from app.core.errors import DraftroomError
from app.core.labels import find
from app.live.page import Memo, build, document
from app.live.watch import DraftWatch


def _fresh(demo: Path) -> tuple[dict[str, str], str]:
    page = build(session.read(demo))
    return page.parts, document(page)


def test_after_each_save_the_page_is_the_one_a_fresh_read_lays_out(demo: Path, cli):
    watch, memo = DraftWatch(demo), Memo()
    build(watch.read().draft, memo)
    first_citer = find(session.read(demo), "PP1")
    assert "¹" in first_citer.text
    proposed = cli(
        "propose", demo, "PP1", "--by", "EU", "--text", first_citer.text.replace("¹", "")
    )
    steps = [
        *(("agree", demo, bracket, "--to", "EU")  # footnote 1 is now first cited further on
          for bracket in re.findall(r"new bracket (b\d+)", proposed.out)),
        ("insert", demo, "OP2", "--by", "G77", "--text", "Stress the Plan of Action;¹"),
        ("propose", demo, "OP3", "--by", "Atlantis", "--new-delegation", "Atlantis",
         "--text", "Reaffirm our commitment;"),
        ("mark", demo, "OP4", "agreed"),
        ("undo", demo),
    ]  # fmt: skip
    for step in steps:
        assert cli(*step).code == 0, step
        update = watch.read()
        assert update.draft_changed and update.draft is not None
        page = build(update.draft, memo)
        parts, whole = _fresh(demo)
        assert page.parts == parts, step
        assert document(page) == whole, step
    # a paragraphs.toml rewritten by hand in another layout is read whole, still right
    paragraphs = demo / "paragraphs.toml"
    paragraphs.write_text("# edited by hand\n" + paragraphs.read_text(encoding="utf-8"))
    page = build(watch.read().draft, memo)
    assert page.parts == _fresh(demo)[0]


def test_a_save_of_one_paragraph_reads_and_lays_out_that_paragraph_alone(demo: Path, cli):
    watch, memo = DraftWatch(demo), Memo()
    before = watch.read().draft
    assert before is not None
    first = build(before, memo)
    blocks = {block.paragraph: block for block in first.sheet.blocks}  # type: ignore[union-attr]
    assert cli("propose", demo, "OP3", "--by", "EU", "--text", "Reaffirm our will;").code == 0
    after = watch.read().draft
    assert after is not None
    changed = find(after, "OP3").id
    old = {p.id: p for p in before.paragraphs}
    assert [p.id for p in after.paragraphs if p is not old[p.id]] == [changed]
    page = build(after, memo)
    relaid = [b.paragraph for b in page.sheet.blocks if b is not blocks[b.paragraph]]  # type: ignore[union-attr]
    assert relaid == [changed]
    assert "will" in page.parts["OP3"] and "will" not in first.parts["OP3"]


def test_a_paragraph_broken_by_hand_while_followed_is_named_by_its_line(demo: Path, cli):
    watch = DraftWatch(demo)
    assert watch.read().draft is not None
    paragraphs = demo / "paragraphs.toml"
    text = paragraphs.read_text(encoding="utf-8")
    broken = re.sub(r'brackets = \[\n    "b1",\n', "brackets = [\n", text, count=1)
    assert broken != text
    paragraphs.write_text(broken, encoding="utf-8")
    update = watch.read()
    with pytest.raises(DraftroomError) as fresh:  # (the message a fresh read gives)
        session.read(demo)
    expected = str(fresh.value)
    assert update.problem == expected and re.search(r"paragraphs\.toml:\d+: paragraph", expected)
    assert update.draft is not None  # the last good draft stays on screen
    twice = text.replace("[[paragraph]]\n", "", 1).split("\n\n", 1)[0]  # (the first one)
    paragraphs.write_text(text + "\n[[paragraph]]\n" + twice + "\n", encoding="utf-8")
    assert "is used twice" in watch.read().problem
    paragraphs.write_text(text, encoding="utf-8")
    assert not watch.read().problem


def test_the_bar_counts_one_open_bracket_in_the_singular(draft_dir: Path, cli):
    words = "Note the emerging challenge of polydrug misuse in some regions;"
    assert cli("propose", draft_dir, "OP27", "--by", "Mexico", "--text", words).code == 0
    page = document(build(session.read(draft_dir)))
    assert "<b>1 open bracket</b>" in page

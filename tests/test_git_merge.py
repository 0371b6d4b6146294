"""Parallel informals through git: a real repository, the real `git merge`, Draftroom's
merge driver as git calls it (`draftroom setup-git` registers it)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import session
from app.core.labels import find

from .conftest import SOURCE


def git(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    assert not ok or done.returncode == 0, done.stderr
    return done


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> Path:
    """A repository holding the imported statement (`st`), committed on main, the merge
    driver set up; git's own configuration kept out of it."""
    for key, value in {
        "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Secretariat",
        "GIT_AUTHOR_EMAIL": "s@un.org", "GIT_COMMITTER_NAME": "Secretariat",
        "GIT_COMMITTER_EMAIL": "s@un.org",
    }.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    git("init", "-q", "-b", "main")
    assert cli("setup-git").code == 0
    assert cli("import", SOURCE, "-o", "st").code == 0
    git("add", "-A")
    git("commit", "-qm", "the statement as distributed")
    return root


def wording(label: str, old: str, new: str) -> str:
    """The paragraph's text as it reads now, with `old` replaced by `new` (once)."""
    text = find(session.read(Path("st")), label).text
    assert old in text
    return text.replace(old, new, 1)


def on_branch(cli, name: str, *commands: Any, start: str = "main") -> None:
    """Record the commands on a new branch (a proposal's wording read on that branch)."""
    git("checkout", "-q", start)
    git("checkout", "-q", "-b", name)
    for command in commands:
        result = cli(*(command() if callable(command) else command))
        assert result.code == 0, result.err
    git("add", "-A")
    git("commit", "-qm", f"informals {name}")


def propose(label: str, who: str, old: str, new: str) -> Callable[[], list[str]]:
    return lambda: ["propose", "st", label, "--by", who, "--text", wording(label, old, new)]


def merge(into: str, other: str) -> subprocess.CompletedProcess[str]:
    git("checkout", "-q", into)
    return git("merge", "--no-edit", other, ok=False)


def draft_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "st").rglob("*.toml"))
    }


def test_two_branches_proposals_merge_by_events_and_the_draft_loads_counts_and_undoes(repo, cli):  # fmt: skip
    on_branch(cli, "informal-a", propose("OP1", "EU", "should be", "must be"))
    on_branch(
        cli, "informal-b", propose("OP1", "United States", "should be", "shall be"),
        propose("OP3", "G77 and China", "our commitment", "our strong commitment"),
    )  # fmt: skip
    done = merge("informal-a", "informal-b")
    assert done.returncode == 0, done.stderr
    assert not any(b"<<<<<<<" in data for data in draft_files(repo).values())
    assert git("status", "--porcelain").stdout.strip() == ""
    draft = session.read(Path("st"))  # it loads
    op1 = find(draft, "OP1")
    [place] = op1.brackets  # both proposals touch "should": one place, both options
    assert [(o.supporters, o.original) for o in place.options] == [
        ([], True), (["EU"], False), (["United States"], False),
    ]  # fmt: skip
    bracketed = cli("export", "st", "--as", "bracketed").out
    assert "[should / must - EU / shall - United States]" in bracketed
    assert "strong - G77 and China" in bracketed
    assert cli("status", "st", "--json").code == 0
    assert '"open_brackets": 2' in cli("status", "st", "--json").out
    undone = cli("undo", "st")  # the last event in time: G77's, on informal-b
    assert undone.code == 0, undone.err
    assert "G77 and China" in undone.out
    after = cli("export", "st", "--as", "bracketed").out
    assert "strong - G77 and China" not in after and "shall - United States" in after
    assert cli("undo", "st").code == 0 and cli("undo", "st").code == 0
    assert session.read(Path("st")).paragraphs == session.read(Path("st")).revisions[0].paragraphs


def test_merging_either_branch_into_the_other_gives_the_same_draft_files(repo, cli):
    on_branch(cli, "a", propose("OP1", "EU", "should be", "must be"),
              ["insert", "st", "OP2", "--by", "EU", "--text", "We add a paragraph."])  # fmt: skip
    on_branch(cli, "b", propose("OP1", "Mexico", "common and shared", "common"),
              ["insert", "st", "OP2", "--by", "Mexico", "--text", "We add another."])  # fmt: skip
    git("checkout", "-q", "-b", "a-then-b", "a")
    assert git("merge", "--no-edit", "b", ok=False).returncode == 0
    one = draft_files(repo)
    git("checkout", "-q", "-b", "b-then-a", "b")
    done = git("merge", "--no-edit", "a", ok=False)
    assert done.returncode == 0, done.stderr
    assert draft_files(repo) == one
    labels = [line.split()[0] for line in cli("show", "st").out.splitlines() if "OP2 " in line]
    draft = session.read(Path("st"))
    suffixes = sorted(p.suffix for p in draft.paragraphs if p.number == "2" and p.suffix)
    assert suffixes == ["bis", "ter"], labels  # two OP2 bis made apart: the later is OP2 ter


@pytest.mark.parametrize("direction", ["a into b", "b into a"])
def test_two_different_agreements_of_one_place_stop_the_merge_naming_both(repo, cli, direction):
    result = cli(*propose("OP1", "EU", "should be", "must be")())
    assert result.code == 0
    git("commit", "-qam", "EU's proposal")
    on_branch(cli, "a", ["agree", "st", "b1", "--to", "original"])
    on_branch(cli, "b", ["agree", "st", "b1", "--to", "EU"])
    into, other = ("b", "a") if direction == "a into b" else ("a", "b")
    git("checkout", "-q", into)
    head = draft_files(repo)
    done = merge(into, other)
    assert done.returncode != 0
    said = done.stderr
    assert "OP1" in said and '"should"' in said and '"must"' in said
    assert "st/history.toml" in said and "CONFLICT" in done.stdout
    assert draft_files(repo) == head  # the draft as it was on the current branch
    mine = find(session.read(Path("st")), "OP1")
    assert not mine.brackets and ("must be" in mine.text) == (into == "b")
    git("merge", "--abort")
    assert draft_files(repo) == head


def test_the_same_agreement_on_both_branches_merges(repo, cli):
    assert cli(*propose("OP1", "EU", "should be", "must be")()).code == 0
    git("commit", "-qam", "EU's proposal")
    on_branch(cli, "a", ["agree", "st", "b1", "--to", "EU"])
    on_branch(cli, "b", ["agree", "st", "b1", "--to", "EU"],
              propose("OP5", "Japan", "high-level", "high level"))  # fmt: skip
    done = merge("a", "b")
    assert done.returncode == 0, done.stderr
    draft = session.read(Path("st"))
    assert "must be" in find(draft, "OP1").text and not find(draft, "OP1").brackets
    assert find(draft, "OP5").brackets


def test_a_paragraph_deleted_on_one_branch_and_amended_on_the_other_stops_the_merge(repo, cli):
    on_branch(cli, "a", ["mark", "st", "OP4", "deleted"])
    on_branch(cli, "b", propose("OP4", "Canada", "Reaffirm the", "Reaffirm our"))
    done = merge("a", "b")
    assert done.returncode != 0
    assert "OP4 is deleted on ours, and its text was amended on theirs" in done.stderr


def test_revisions_issued_on_both_branches_stop_the_merge_without_a_new_number(repo, cli):
    on_branch(cli, "a", propose("OP1", "EU", "should be", "must be"), ["revise", "st"])
    on_branch(
        cli, "b", propose("OP2", "Mexico", "Underscore that", "Stress that"), ["revise", "st"]
    )
    done = merge("a", "b")
    assert done.returncode != 0
    assert "rev.1 on ours" in done.stderr and "rev.1 on theirs" in done.stderr
    assert not Path("st/revisions/rev.2.toml").exists()


def test_a_revision_issued_on_one_branch_merges_with_the_other_branchs_proposals(repo, cli):
    on_branch(cli, "a", propose("OP1", "EU", "should be", "must be"), ["revise", "st"])
    on_branch(cli, "b", propose("OP2", "Mexico", "Underscore that", "Stress that"))
    assert merge("b", "a").returncode == 0
    draft = session.read(Path("st"))
    assert [r.name for r in draft.revisions] == ["rev.0", "rev.1"]
    assert "rev.1" in cli("log", "st", "--json").out


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (lambda: Path("st/draft.toml").write_text(
            Path("st/draft.toml").read_text().replace("format = 1", "format = 2")), "st/draft.toml"),
        (lambda: Path("st/paragraphs.toml").write_bytes(
            Path("st/paragraphs.toml").read_bytes()[:-40]), "st/paragraphs.toml"),
    ],
    ids=["newer format", "corrupted"],
)  # fmt: skip
def test_a_merge_that_cannot_be_done_stops_git_naming_the_file_and_writes_nothing(repo, cli, damage, named):  # fmt: skip
    on_branch(cli, "a", propose("OP1", "EU", "should be", "must be"))
    on_branch(cli, "b", propose("OP2", "Mexico", "Underscore that", "Stress that"))
    damage()
    git("commit", "-qam", "a side Draftroom cannot read")
    git("checkout", "-q", "a")
    head = draft_files(repo)
    done = git("merge", "--no-edit", "b", ok=False)
    assert done.returncode != 0
    assert f"theirs: {named}" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    for name in ("st/history.toml", "st/paragraphs.toml"):
        assert Path(name).read_bytes() == head[name]


def test_setup_git_is_idempotent_and_says_what_it_did(repo, cli, tmp_path):
    again = cli("setup-git")
    assert "already registered" in again.out and "already there" in again.out
    lines = Path(".gitattributes").read_text().splitlines()
    assert lines.count("history.toml merge=draftroom") == 1
    assert "**/revisions/rev.*.toml merge=draftroom" in lines
    assert "merge-driver %O %A %B %P" in git("config", "merge.draftroom.driver").stdout
    made = cli("setup-git", "--global")
    assert "registered" in made.out and "global" in made.out
    assert "draftroom" in (tmp_path / ".gitconfig").read_text()


def test_log_and_diff_tell_a_facilitator_what_the_merge_brought(repo, cli):
    on_branch(cli, "a", propose("OP1", "EU", "should be", "must be"))
    on_branch(cli, "b", propose("OP3", "Mexico", "our commitment", "our firm commitment"))
    assert merge("a", "b").returncode == 0
    log = cli("log", "st").out
    assert "EU proposes" in log and "Mexico proposes" in log and "OP3" in log
    assert "Mexico" not in cli("log", "st", "--by", "EU").out
    diff = cli("diff", "st", "rev.0")
    assert diff.code == 0
    assert "[-should-]{+[should / must - EU]+}" in diff.out
    assert "OP3" in diff.out and "2 paragraphs changed" in diff.out

"""Git as the carrier of parallel informals: `setup-git` and the merge driver.

Git merges file by file and calls a merge driver with three versions of one file (the
ancestor's %O, ours %A, theirs %B) and its path %P; a draft is a folder. So each call finds
the three commits (ours is HEAD; theirs is the commit `git merge` names in its GITHEAD_<id>
variable, or MERGE_HEAD, CHERRY_PICK_HEAD, REBASE_HEAD; the ancestor is their merge base
or theirs' parent), each checked against the blob git handed over, reads the whole folder
of each from git's objects, and merges the drafts by their events through the session
(`session.merge`: written through the store and read back). The merged folder is kept in
the repository's git folder for the other calls of the same merge, so the drafts merge
once, and every file git asks for is that one merged draft's.

Git takes a file changed on one side only without asking: the driver checks that each
such file is what the merged draft holds, and stops the merge if not (never a folder
mixing two drafts). Any refusal — a clash, a draft of a newer format, a side that does not
load — exits non-zero naming the file: git stops, the file keeps our version, nothing is
written. A file outside a draft folder is merged line by line (`git merge-file`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app import session
from app.cli.common import EXIT_OK, Command
from app.core.errors import DraftroomError

DRIVER = "draftroom"
MAIN_FILES = ("draft.toml", "paragraphs.toml", "footnotes.toml", "history.toml")
ATTRIBUTES = [
    "# Draftroom: drafts merge by their events, not by lines (draftroom setup-git)",
    *(f"{name} merge={DRIVER}" for name in MAIN_FILES),
    f"**/revisions/rev.*.toml merge={DRIVER}",
]
_KEEP = 24 * 3600  # a merge's folder is kept a day, for the other calls of that merge


def _git(*args: str, cwd: Path | None = None, data: bytes | None = None, ok: bool = False) -> bytes:  # fmt: skip
    done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
    if done.returncode != 0 and not ok:
        raise DraftroomError(
            f"git {' '.join(args[:2])} failed: {done.stderr.decode(errors='replace').strip()}"
        )
    return done.stdout if done.returncode == 0 else b""


# -- setup-git ------------------------------------------------------------------------------
def cmd_setup_git(args: argparse.Namespace) -> int:
    top = _git("rev-parse", "--show-toplevel", ok=True).decode().strip()
    if not top and not args.glob:
        raise DraftroomError(
            "not in a git repository", hint="run it inside the repository holding the drafts, "
            "or add --global to register the driver for every repository",
        )  # fmt: skip
    scope = "--global" if args.glob else "--local"
    where = "your global git config" if args.glob else ".git/config"
    command = f"{shlex.quote(sys.executable)} -m app merge-driver %O %A %B %P"
    wanted = {
        f"merge.{DRIVER}.name": "Draftroom: merges drafts by their events",
        f"merge.{DRIVER}.driver": command,
    }
    changed = False
    for key, value in wanted.items():
        if _git("config", scope, "--get", key, ok=True).decode().strip() != value:
            _git("config", scope, key, value)
            changed = True
    print(f"{'registered' if changed else 'already registered'}: merge driver {DRIVER!r} in {where} ({command})")  # fmt: skip
    if not top:
        print("no .gitattributes written: not in a git repository")
        return EXIT_OK
    attributes = Path(top) / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    missing = [line for line in ATTRIBUTES if line not in text.splitlines()]
    if missing:
        lead = "" if not text or text.endswith("\n") else "\n"
        attributes.write_text(text + lead + "\n".join(missing) + "\n", encoding="utf-8")
        print(f"added {len(missing)} lines to {attributes}: draft files merge with {DRIVER!r}")
    else:
        print(f"already there: {attributes} sends draft files to {DRIVER!r}")
    return EXIT_OK


# -- the merge driver -----------------------------------------------------------------------
def _folder_of(path: str) -> tuple[str, str] | None:
    """The draft folder of a file git merges and the file's name within it."""
    parts = path.split("/")
    if parts[-1] in MAIN_FILES:
        return "/".join(parts[:-1]), parts[-1]
    if len(parts) >= 2 and parts[-2] == "revisions" and parts[-1].endswith(".toml"):
        return "/".join(parts[:-2]), "/".join(parts[-2:])
    return None


def _blob_ids(specs: list[str]) -> list[str | None]:
    out = _git("cat-file", "--batch-check", data="".join(f"{s}\n" for s in specs).encode())
    return [
        line.split()[0] if line.endswith(" blob") or " blob " in line else None
        for line in out.decode().splitlines()
    ]


def _hash(file: str) -> str | None:
    data = Path(file).read_bytes()
    return _git("hash-object", "--no-filters", "--stdin", data=data).decode().strip() if data else None  # fmt: skip


def _commits(path: str, ancestor: str, ours: str, theirs: str) -> tuple[str, str, str]:
    """The three commits whose versions of `path` git handed over (checked, not guessed)."""
    candidates = [k.removeprefix("GITHEAD_") for k in os.environ if k.startswith("GITHEAD_")]
    for ref in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "REBASE_HEAD"):
        found = _git("rev-parse", "-q", "--verify", ref, ok=True).decode().strip()
        if found:
            candidates.append(found)
    head = _git("rev-parse", "HEAD").decode().strip()
    want = {"ours": _hash(ours), "theirs": _hash(theirs), "ancestor": _hash(ancestor)}
    found_ids = _blob_ids([f"{c}:{path}" for c in [head, *candidates]])
    why = "git gives no name for the other branch (Draftroom merges drafts with `git merge`)"
    if found_ids[0] != want["ours"]:
        raise DraftroomError(f"our version is not HEAD's: {why}")
    other = next((c for c, b in zip(candidates, found_ids[1:], strict=True) if b == want["theirs"]), None)  # fmt: skip
    if other is None:
        raise DraftroomError(f"their version is not found: {why}")
    bases = _git("merge-base", "--all", head, other, ok=True).decode().split()
    bases += _git("rev-parse", "-q", "--verify", f"{other}^", ok=True).decode().split()
    base_ids = _blob_ids([f"{c}:{path}" for c in bases])
    base = next((c for c, b in zip(bases, base_ids, strict=True) if b == want["ancestor"]), None)
    if base is None:
        raise DraftroomError(
            "the common ancestor's version is not found (several merge bases, or none)",
            hint="merge the branches' common ancestors first, or merge this draft by hand",
        )
    return base, head, other


def _extract(commit: str, folder: str, into: Path) -> dict[str, bytes]:
    """The draft's files at a commit (nothing else of the folder), written into `into`."""
    listing = _git("ls-tree", "-r", "-z", "--full-tree", commit, "--", f"{folder}/" if folder else ".")  # fmt: skip
    wanted: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        head, name = entry.decode().split("\t", 1)
        relative = name[len(folder) + 1 :] if folder else name
        if head.split()[1] == "blob" and _folder_of(relative) == ("", relative):
            wanted[relative] = head.split()[2]
    out = _git("cat-file", "--batch", data="".join(f"{b}\n" for b in wanted.values()).encode())
    files: dict[str, bytes] = {}
    at = 0
    for relative in wanted:
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        files[relative] = out[end + 1 : end + 1 + size]
        at = end + 2 + size
    for relative, data in files.items():
        (into / relative).parent.mkdir(parents=True, exist_ok=True)
        (into / relative).write_bytes(data)
    if "draft.toml" not in files:
        raise DraftroomError(f"{folder or '.'} is no draft at {commit[:10]}: it has no draft.toml")
    return files


def _merge_once(path: str, folder: str, commits: tuple[str, str, str]) -> Path:
    """The merged folder of this merge, made by the first call (`failed` holds why not)."""
    cache = Path(_git("rev-parse", "--git-path", "draftroom-merge").decode().strip()).resolve()
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.iterdir():
        if time.time() - old.stat().st_mtime > _KEEP:
            shutil.rmtree(old, ignore_errors=True)
    key = hashlib.sha256("\0".join([folder, *commits]).encode()).hexdigest()[:24]
    done = cache / key
    if done.is_dir():
        return done
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=cache))
    try:
        sides = {}
        for name, commit in zip(("base", "ours", "theirs"), commits, strict=True):
            (work / name).mkdir()
            sides[name] = _extract(commit, folder, work / name)
        try:
            notes = session.merge(work / "base", work / "ours", work / "theirs", work / "merged")
            _check_taken(sides, work / "merged")
        except DraftroomError as error:
            told = str(error)
            for side in ("base", "ours", "theirs", "merged"):  # the repository's names
                told = told.replace(
                    f"{work / side}/", f"{side}: {folder}/" if folder else f"{side}: "
                )
            (work / "failed").write_text(told, encoding="utf-8")
        else:
            (work / "notes").write_text("".join(f"{n}\n" for n in notes), encoding="utf-8")
        os.rename(work, done)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return done


def _check_taken(sides: dict[str, dict[str, bytes]], merged: Path) -> None:
    """The folder git will leave — each file changed on one side only taken from it without
    asking, the others from the merged draft — must read as the merged draft (counters a
    file left lower are raised as it loads), or the merge stops."""
    names = set().union(*sides.values())
    names |= {p.relative_to(merged).as_posix() for p in merged.rglob("*.toml")}
    result = merged.parent / "result"
    differ = []
    for name in sorted(names):
        if _folder_of(name) != ("", name):
            continue
        o, a, t = (sides[s].get(name) for s in ("base", "ours", "theirs"))
        file = merged / name
        data = (file.read_bytes() if file.exists() else None) if o != a != t != o else (t if o == a else a)  # fmt: skip
        if data is not None:
            (result / name).parent.mkdir(parents=True, exist_ok=True)
            (result / name).write_bytes(data)
        if data != (file.read_bytes() if file.exists() else None):
            differ.append(name)
    if not differ or (differ == ["draft.toml"] and _counters_only(result / differ[0], merged / differ[0])):  # fmt: skip
        return  # the same files, or draft.toml's counters lower (raised as it loads)
    wanted = session.read(merged)
    try:
        found = session.read(result)
        same = found == wanted
    except DraftroomError:
        same = False
    if not same:
        raise DraftroomError(
            "the merged draft needs a file changed that git takes from one branch as it "
            "stands", hint="merge this draft by hand: git merge --abort, then record one "
            "branch's proposals on the other",
        )  # fmt: skip


def _counters_only(taken: Path, merged: Path) -> bool:
    """Whether two draft.toml differ only by counters, the taken one's lower."""
    import tomllib

    one, two = (tomllib.loads(p.read_text(encoding="utf-8")) for p in (taken, merged))
    counters = ("next_paragraph", "next_bracket")
    if any(one.get(k, 0) > two.get(k, 0) for k in counters):
        return False
    return {k: v for k, v in one.items() if k not in counters} == {
        k: v for k, v in two.items() if k not in counters
    }


def cmd_merge_driver(args: argparse.Namespace) -> int:
    place = _folder_of(args.path)
    if place is None or not Path(args.ours).is_file():
        done = subprocess.run(["git", "merge-file", "-q", args.ours, args.ancestor, args.theirs], check=False)  # fmt: skip
        return 1 if done.returncode else EXIT_OK
    folder, name = place
    try:
        merged = _merge_once(args.path, folder, _commits(args.path, args.ancestor, args.ours, args.theirs))  # fmt: skip
        failed = merged / "failed"
        if failed.exists():
            raise DraftroomError(failed.read_text(encoding="utf-8"))
        result = merged / "merged" / name
        if not result.exists():
            raise DraftroomError("the merged draft has no such file")
    except DraftroomError as error:
        print(f"draftroom merge-driver: {args.path}: {error}", file=sys.stderr)
        print(f"draftroom merge-driver: {args.path} kept as on the current branch; "
              "`git merge --abort` (or `git rebase --abort`) gives the draft back as it was", file=sys.stderr)  # fmt: skip
        return 1
    Path(args.ours).write_bytes(result.read_bytes())
    notes = (merged / "notes").read_text(encoding="utf-8").splitlines()
    if name == "history.toml" and notes:  # (said once per merge)
        shown = notes if len(notes) <= 6 else [*notes[:4], f"… and {len(notes) - 4} more ids renumbered the same way"]  # fmt: skip
        print("".join(f"draftroom: {line}\n" for line in shown), end="", file=sys.stderr)
    return EXIT_OK


def register(command: Command) -> None:
    sub = command("setup-git", cmd_setup_git, "merge drafts in this git repository by their events")  # fmt: skip
    sub.add_argument("--global", dest="glob", action="store_true",
                     help="register the driver in your global git config (every repository)")  # fmt: skip
    sub = command("merge-driver", cmd_merge_driver, "the git merge driver (git calls it: %%O %%A %%B %%P)")  # fmt: skip
    sub.add_argument("ancestor", metavar="O", help="the common ancestor's version (%%O)")
    sub.add_argument("ours", metavar="A", help="our version, replaced by the merge (%%A)")
    sub.add_argument("theirs", metavar="B", help="their version (%%B)")
    sub.add_argument("path", metavar="P", help="the file's path in the repository (%%P)")

"""The draft store: a folder of TOML files, friendly to people, `git diff` and `git merge`.

```
DRAFT/
  draft.toml        format, the document's cover metadata, counters, active revisions
  paragraphs.toml   one [[paragraph]] table per paragraph, in document order; its text in
                    bracket notation ("[extreme - US; G77 delete]"), its bracket ids beside
  footnotes.toml    one [[footnote]] table per footnote
  history.toml      one [[event]] per change: who, what, when, the paragraphs before/after
  revisions/        rev.0.toml (the text as imported), rev.1.toml … frozen snapshots
```

Keys are written in a fixed order and defaults are left out, so a change to one paragraph
changes a few lines of one table. Every file is replaced atomically. Reading validates
every table and names the file and line of anything a hand edit broke.
"""

from __future__ import annotations

from pathlib import Path

from app.core.draft import Draft
from app.core.errors import DraftroomError
from app.store.journal import (
    _REVISION_NAME,
    JOURNAL,
    ChangedOnDisk,
    _commit,
    _first_change,
    _journal,
    _parse_journal,
    _remove_stale_temps,
    _Snapshot,
    _Splice,
    changed_on_disk,
    stamp,
)  # fmt: skip
from app.store.layout import (
    DRAFT_FILE,
    FOOTNOTES_FILE,
    FORMAT,
    HISTORY_FILE,
    PARAGRAPHS_FILE,
    REVISIONS,
    UNDONE,
    Memory,
    Printer,
    Stamp,
    _revisions,
    dumps,
    memory_of,
    revision_file,
)  # fmt: skip
from app.store.reading import load_draft
from app.store.tables import event_table as _event_table
from app.store.tables import paragraph_table

__all__ = [
    "DRAFT_FILE",
    "FOOTNOTES_FILE",
    "FORMAT",
    "HISTORY_FILE",
    "JOURNAL",
    "PARAGRAPHS_FILE",
    "REVISIONS",
    "UNDONE",
    "ChangedOnDisk",
    "Memory",
    "Printer",
    "Stamp",
    "_Snapshot",
    "_Splice",
    "_commit",
    "_event_table",
    "_journal",
    "_parse_journal",
    "changed_on_disk",
    "dumps",
    "load_draft",
    "memory_of",
    "paragraph_table",
    "revision_file",
    "save_draft",
    "stamp",
]  # fmt: skip


def save_draft(
    draft: Draft, folder: Path, *, overwrite: bool = False, through_room: bool = False
) -> None:
    """Write the draft to `folder` (created if needed), all changed files or none: a kill
    at any moment leaves the previous save or this one. A file changed on disk since this
    process read the folder raises :class:`ChangedOnDisk` and nothing is written, unless
    `overwrite` (the user chose to keep their version). `through_room`: every change since
    the draft was read or saved is an event of its history (a `Session`'s draft, changed
    by its room): only the paragraphs those events changed are printed again, none is
    compared (see :mod:`app.store.printing`)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DraftroomError("exists and is not a draft folder", path=folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = folder.resolve()
    disk = _Snapshot(folder)  # (refuses a `revisions` that is not a folder, or a link)
    (folder / REVISIONS).mkdir(exist_ok=True)
    memory = memory_of(draft)
    seen = memory.seen if memory.folder == key else None
    changed = _first_change(seen, disk.stamp) if seen is not None else None
    if changed is not None and not overwrite:
        raise ChangedOnDisk(folder, changed)
    _remove_stale_temps(folder)
    view = disk.view()
    wanted = set(_revisions(draft))  # (reads a history left for later: its revisions too)
    # the draft's own revision files; any other (a merge, a copy by hand, the draft --force
    # replaced) is never taken for one of its revisions
    owned = memory.revisions if memory.folder == key else set()
    # a revision written is frozen: its bytes move, unchanged, when its issue is undone/redone
    kept = {
        name: view[file]
        for name in wanted
        for file in (f"{REVISIONS}/{name}.toml", f"{REVISIONS}/{name}{UNDONE}.toml")
        if file in view and file in owned
    }
    on_disk = set(kept)
    target = {revision_file(draft, n): data for n, data in kept.items()}
    read, memory.read = (memory.read if memory.folder == key else None), None
    if read is not None and read.draft is draft and seen is not None and changed is None:
        read.keep_sections(view, memory.printer)  # its first save: what was read stands
    target |= dumps(draft, frozen=on_disk, through_room=through_room)
    writes = {n: d for n, d in target.items() if disk.files.get(n) != d}
    stray = next((n for n in writes if n in disk.files and n.startswith(f"{REVISIONS}/")
                  and n not in owned), None)  # fmt: skip
    if stray is not None and not overwrite:
        raise DraftroomError(
            "is already there, but is no revision of this draft (a merge, or a copy by hand): "
            "writing the new one would replace it", path=folder / stray,
            hint=f"move it out of {REVISIONS}/, then retry; nothing was saved",
        )  # fmt: skip
    # revisions the draft no longer holds go: its own files (replaced, with `overwrite`, all)
    # a journal left by a killed save is replaced by this one: the files it deleted go too
    # (the last completed save had deleted them; they are no longer read, so not `owned`)
    journaled = {n for n, change in (disk.journal or {}).items() if change is None}
    deletes = [
        n for n in disk.files
        if n not in target and _REVISION_NAME.fullmatch(n)
        and (overwrite or n in owned or n in journaled)
    ]  # fmt: skip
    if writes or deletes or disk.journal is not None:
        _commit(folder, writes, deletes, disk.files, pending=disk.journal is not None)
    memory.folder, memory.seen = key, stamp(folder)
    memory.revisions = {n for n in target if n.startswith(f"{REVISIONS}/")}

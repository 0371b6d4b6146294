"""The index of a sources folder, kept on disk so a folder is read once.

Each file is known by a hash of its content: its symbol, date and passages are kept in
``$XDG_CACHE_HOME/draftroom/sources/HASH.json`` (``~/.cache`` when unset), so only a file
that changed (or is new) is imported again; a renamed or copied file is not. Why the
user's cache and not the draft's folder: a sources folder is often shared (a mission's
drive, a read-only mount) and serves many drafts; a draft folder is versioned with git,
where an index has no place; and a cache can be deleted at any time without losing
anything. A file that cannot be read is remembered too (its content's hash with the
reason), so a scanned PDF is not imported again at every check. Every entry is written
atomically (`app.files.atomic.write_atomic`): two checks at once, or one killed midway,
leave a whole entry or none.

Why JSON and not pickle: the entries are plain lists of strings, JSON reads them about as
fast (50 resolutions: see `make bench-sources`), and reading a cache never runs code.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import DraftroomError, Hint
from app.files.atomic import read_regular, write_atomic
from app.glossary.source_text import SourceText, source_text
from app.glossary.sources import (
    Reader,
    SourceDocument,
    content_key,
    document_of,
    source_files,
)  # fmt: skip
from app.glossary.words import gc_paused

#: Raised when what a cache entry holds changes: older entries are then read again.
INDEX_VERSION = 3


def cache_folder() -> Path:
    """Where the index is kept: ``$XDG_CACHE_HOME/draftroom/sources``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "draftroom" / "sources"


@dataclass(slots=True)
class SourceIndex:
    """The adopted texts of one or more folders, and what could not be used."""

    documents: list[SourceDocument] = field(default_factory=list)
    warnings: list[DraftroomError] = field(default_factory=list)
    read: int = 0
    """How many files were imported (not found in the index)."""
    cached: int = 0
    """How many came from the index."""


def index_sources(folders: list[Path], read: Reader, *, cache: Path | None = None) -> SourceIndex:
    """Every adopted text in `folders`, from the index where a file is unchanged. A file
    that cannot be used is a warning naming it; no usable file at all is an error."""
    cache = cache_folder() if cache is None else cache
    index = SourceIndex()
    writable = True
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        writable = False  # read everything, keep nothing: a check never fails for its cache
    seen: set[str] = set()
    files = [path for folder in folders for path in source_files(Path(folder))]
    with gc_paused():
        for path in files:
            _index_file(path, read, cache, writable, seen, index)
    if not index.documents:
        said = "; ".join(str(w) for w in index.warnings[:3])
        raise DraftroomError(
            f"no adopted text could be read in {', '.join(str(f) for f in folders)}"
            + (f" ({said})" if said else ""),
            hint="give --sources a folder of .txt, .md, .docx or .pdf adopted texts",
        )
    return index


def _index_file(
    path: Path, read: Reader, cache: Path, writable: bool, seen: set[str], index: SourceIndex
) -> None:
    """One file of the folder into `index`: from the cache, else read (and kept)."""
    try:
        data = read_regular(path)
    except (DraftroomError, OSError) as error:
        index.warnings.append(_unusable(path, error))
        return
    key = f"{content_key(data)}-{INDEX_VERSION}"
    if key in seen:
        return  # the same text twice (a copy): cited once
    seen.add(key)
    entry = cache / f"{key}.json"
    kept = _kept(entry)
    if kept is not None:
        index.cached += 1
        if "error" in kept:
            index.warnings.append(DraftroomError(str(kept["error"]), path=path))
            return
        document = SourceDocument.from_json(kept, str(path))
    else:
        index.read += 1
        try:
            draft = read(path)
            document = document_of(path, data, draft)
        except DraftroomError as error:
            warning = _unusable(path, error)
            if writable:
                _keep(entry, {"error": warning.message})
            index.warnings.append(warning)
            return
        if writable:
            _keep(entry, document.to_json())
            _keep(_text_entry(cache, key), source_text(draft, document).to_json())
    if document.symbol_from_name:
        index.warnings.append(
            DraftroomError(
                f"no document symbol in its first lines: cited as {document.symbol}",
                path=path,
            )
        )
    index.documents.append(document)


def read_text(path: Path, read: Reader, *, cache: Path | None = None) -> SourceText:
    """The paragraphs of the adopted text at `path`, to show a passage cited from it: as
    kept when the folder was indexed, else read now (and kept). Raises DraftroomError
    when the file is gone or cannot be read any more."""
    cache = cache_folder() if cache is None else cache
    try:
        data = read_regular(path)
    except FileNotFoundError:
        raise DraftroomError(
            "is gone: moved or deleted since its folder was read",
            path=path,
            hint=Hint(
                cli="check the draft's source folders (draftroom sources DRAFT)",
                room="open the room again to read the draft's source folders anew",
            ),
        ) from None
    except OSError as error:
        raise DraftroomError(f"cannot be read: {error.strerror or error}", path=path) from error
    key = f"{content_key(data)}-{INDEX_VERSION}"
    kept = _kept(_text_entry(cache, key))
    if kept is not None and "paragraphs" in kept:
        return SourceText.from_json(kept, str(path))
    draft = read(path)
    text = source_text(draft, document_of(path, data, draft))
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
    _keep(_text_entry(cache, key), text.to_json())
    return text


def _text_entry(cache: Path, key: str) -> Path:
    """Where a file's paragraphs are kept (beside its index entry, which a check reads)."""
    return cache / f"{key}.text.json"


def _unusable(path: Path, error: BaseException) -> DraftroomError:
    message = error.message if isinstance(error, DraftroomError) else str(error)
    return DraftroomError(f"left out: {message}", path=path)


def _kept(entry: Path) -> dict[str, object] | None:
    try:
        data = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None  # not there, or not ours: read the file again
    return data if isinstance(data, dict) else None


def _keep(entry: Path, data: dict[str, object]) -> None:
    # a full disk or a read-only cache: the check goes on without keeping it
    with contextlib.suppress(OSError):
        write_atomic(entry, json.dumps(data, ensure_ascii=False).encode(), sync_dir=False)

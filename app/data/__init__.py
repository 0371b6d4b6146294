"""Bundled content: the agreed-language glossary and the bundled drafts.

The repository keeps them at its top level (`glossary/`, `drafts/`), where people read and
edit them; `app/data/glossary` and `app/data/drafts` are links to those folders, which a
wheel build copies in as package data. Read through `importlib.resources`, so an installed
`draftroom` finds them in site-packages and an editable one in the checkout. Nothing here is
ever written: the room opens a working copy of the bundled statement (`working_copy`).
"""

from __future__ import annotations

import os
import shutil
from importlib.resources import files
from pathlib import Path

from app.core.errors import DraftroomError

#: The statement `draftroom` opens when no draft is named.
STATEMENT = "cnd-2014-jms"


def bundled(name: str) -> Path:
    """A bundled folder (`glossary`, `drafts`) as a path on disk."""
    resource = files(__name__).joinpath(name)
    if not isinstance(resource, Path) or not resource.is_dir():
        raise DraftroomError(
            f"the bundled {name} is missing from the installed package",
            path=Path(str(resource)),
            hint="reinstall draftroom (pip install --force-reinstall draftroom)",
        )
    return resource


def bundled_draft(name: str = STATEMENT) -> Path:
    """A bundled draft folder (read it, never write it)."""
    return bundled("drafts") / name


def working_copy(name: str = STATEMENT) -> tuple[Path, bool]:
    """The user's own copy of a bundled draft, made from the bundle the first time, under
    `$XDG_DATA_HOME/draftroom/` (default `~/.local/share/draftroom/`): the installed package
    is never written, and what the user records survives an upgrade. Returns the folder and
    whether it was made just now."""
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    target = Path(home) / "draftroom" / name
    if target.is_dir():
        return target, False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{name}.copying")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(bundled_draft(name), staging, ignore=shutil.ignore_patterns(".draftroom*"))
        staging.rename(target)
    except OSError as error:
        raise DraftroomError(
            f"cannot make a working copy of the bundled draft: {error.strerror}",
            path=target,
            hint=f"name a draft folder: draftroom open DRAFT (or copy {bundled_draft(name)})",
        ) from None
    return target, True

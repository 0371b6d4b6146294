"""Exports of a draft: what capitals and the room read.

- `clean`: the statement as it now stands, in UN layout: the title, headings on their own
  lines, each paragraph on a single line after its printed number, footnotes at the end.
  Where brackets remain, each place reads at its current wording; deleted paragraphs are
  left out.
- `bracketed`: the compilation text in bracket notation, with supporters and statuses,
  proposed paragraphs labelled (``7 bis.``, ``PP1 bis.``). Importing it gives the draft back.
- `tracked`: word-level changes since a revision (rev.0 unless ``since``), each attributed
  to the delegation that proposed it and dated (:mod:`app.core.tracking`). In txt,
  ``{+inserted+}`` and ``[-deleted-]``, each change listed under its paragraph with its
  delegation and date.

`anonymous` leaves out who proposed what, as many processes circulate compilation texts:
bracketed, every bracket untagged; tracked, every change by "Proposal".

Formats: txt, md (:mod:`app.exports.md`), html (:mod:`app.exports.html`) and docx
(:mod:`app.exports.docx`, real footnotes and Word revisions). :func:`export_file` does the
whole job for the CLI and the TUI: check the target, render, write atomically.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from app.core import notation
from app.core.brackets import anonymous as untagged
from app.core.delegations import Registry
from app.core.draft import Draft, Footnote, Paragraph, Status, superscript
from app.core.errors import DraftroomError, did_you_mean
from app.core.labels import number_prefix
from app.core.tracking import Piece, track, unattributed
from app.exports import FORMATS, MODES, STDOUT_FORMATS, layout
from app.exports.layout import Sheet
from app.files.atomic import replaceable, write_document

__all__ = ["FORMATS", "MODES", "STDOUT_FORMATS", "export", "export_file", "render"]


def _footnotes(draft: Draft, paragraphs: list[Paragraph]) -> list[str]:
    notes: dict[int, Footnote] = {}
    index = draft.footnote_index()
    for paragraph in paragraphs:
        for note in index.of(paragraph):
            notes.setdefault(id(note), note)
    if not notes:
        return []
    lines = (
        f"{superscript(f.number)} {notation.escape_italic_stars(f.text)}" for f in notes.values()
    )
    return ["__________", "", *lines, ""]


def clean_txt(draft: Draft, keep_brackets: bool = False) -> str:
    """The negotiable text as it now reads, one line per paragraph, footnotes at the end
    (`keep_brackets`: open places in bracket notation rather than at their current wording)."""
    registry = Registry(draft.delegations)
    statement = [p for p in draft.negotiable if p.status is not Status.DELETED and p.text]
    lines: list[str] = []
    for paragraph in statement:
        text = notation.write(paragraph.content, registry) if keep_brackets else paragraph.text
        text = notation.escape_italic_stars(text)  # the text's own stars read back as typed
        lines += [number_prefix(paragraph) + text.strip(), ""]
    return "\n".join(lines + _footnotes(draft, statement))


def bracketed_txt(draft: Draft) -> str:
    """The compilation text: brackets with supporters, statuses closing each paragraph."""
    registry = Registry(draft.delegations)
    statement = draft.negotiable
    lines: list[str] = []
    for paragraph in statement:
        text = notation.write_paragraph(
            paragraph.content, paragraph.status, paragraph.status_by, paragraph.package, registry,
            stars=True,
        )  # fmt: skip
        lines += [number_prefix(paragraph) + text.strip(), ""]
    return "\n".join(lines + _footnotes(draft, statement))


def tracked_txt(draft: Draft, since: str | None = None, anonymous: bool = False) -> str:
    """The changes since a revision: ``{+inserted+}`` and ``[-deleted-]`` in the text, and
    under each changed paragraph its changes one per line with delegation and date
    (`anonymous`: "Proposal" for every delegation)."""
    base = layout.since_name(draft, since)
    lines = [
        f"Changes since {base}: {{+inserted+}}, [-deleted-]; under each changed paragraph, "
        "who proposed each change and when.",
        "",
    ]
    shown: list[Paragraph] = []
    tracked = track(draft, since)
    for entry in unattributed(tracked) if anonymous else tracked:
        lead = number_prefix(entry.paragraph)
        if entry.inserted is not None:
            text = "{+" + lead + entry.accepted + "+}"
        elif entry.deleted is not None:
            text = "[-" + lead + entry.rejected + "-]"
        else:
            text = lead + "".join(_txt_piece(p) for p in entry.pieces)
        lines.append(text)
        for piece in entry.pieces:
            if piece.kind != "equal" and piece.author is not None and piece.text.strip():
                lines.append(f"    {_txt_piece(piece)} {piece.author.name}, {piece.author.day}")
        lines.append("")
        if entry.accepted:
            shown.append(entry.paragraph)
    return "\n".join(lines + _footnotes(draft, shown))


def _txt_piece(piece: Piece) -> str:
    if piece.kind == "insert":
        return "{+" + piece.text + "+}"
    if piece.kind == "delete":
        return "[-" + piece.text + "-]"
    return piece.text


def _check(
    mode: str, fmt: str, since: str | None, keep_brackets: bool, anonymous: bool = False
) -> None:
    if mode not in MODES:
        raise DraftroomError(
            f"unknown export {mode!r}",
            hint=did_you_mean(mode, MODES) or f"one of {', '.join(MODES)}",
        )
    if fmt not in FORMATS:
        raise DraftroomError(
            f"unknown format {fmt!r}",
            hint=did_you_mean(fmt, FORMATS) or f"one of {', '.join(FORMATS)}",
        )
    if since is not None and mode != "tracked":
        raise DraftroomError(
            f"--since is for tracked exports, not {mode}",
            hint=f"draftroom export DRAFT --as tracked --since {since}",
        )
    if keep_brackets and mode != "clean":
        raise DraftroomError(
            f"--keep-brackets is for clean exports, not {mode}",
            hint="a bracketed export always shows the brackets",
        )
    if anonymous and mode not in ("bracketed", "tracked"):
        raise DraftroomError(
            f"--anonymous leaves out who proposed what in a compilation text or a tracked "
            f"text, not in --as {mode}",
            hint="use it with --as bracketed or --as tracked",
        )


def sheet(
    draft: Draft, mode: str, since: str | None = None, keep_brackets: bool = False,
    anonymous: bool = False,
) -> Sheet:  # fmt: skip
    """The draft laid out for a document in `mode` (see :mod:`app.exports.layout`)."""
    if mode == "clean":
        return layout.clean_sheet(draft, keep_brackets)
    if mode == "bracketed":
        return layout.bracketed_sheet(draft)
    return layout.tracked_sheet(draft, since, anonymous)


def render(
    draft: Draft, mode: str = "clean", fmt: str = "txt", since: str | None = None,
    keep_brackets: bool = False, anonymous: bool = False,
) -> bytes:  # fmt: skip
    """The export's bytes (UTF-8 for the text formats)."""
    _check(mode, fmt, since, keep_brackets, anonymous)
    if anonymous and mode == "bracketed":  # a copy with every bracket untagged
        draft = replace(
            draft, paragraphs=[replace(p, content=untagged(p.content)) for p in draft.paragraphs]
        )
    if fmt == "txt":
        if mode == "tracked":
            text = tracked_txt(draft, since, anonymous)
        elif mode == "bracketed":
            text = bracketed_txt(draft)
        else:
            text = clean_txt(draft, keep_brackets)
        return text.encode()
    laid_out = sheet(draft, mode, since, keep_brackets, anonymous)
    # the writers are imported when asked for: python-docx alone costs ~100 ms of start-up
    if fmt == "md":
        from app.exports import md

        return md.render(laid_out).encode()
    if fmt == "html":
        from app.exports import html

        return html.render(laid_out).encode()
    from app.exports import docx

    return docx.render(laid_out)


def export(
    draft: Draft, mode: str = "clean", fmt: str = "txt", since: str | None = None,
    keep_brackets: bool = False, anonymous: bool = False,
) -> str:  # fmt: skip
    """A text export (txt, md, html) as a string; docx is bytes: use :func:`render`."""
    if fmt == "docx":
        raise DraftroomError("a docx export is a file", hint="use -o FILE, or export_file()")
    return render(draft, mode, fmt, since, keep_brackets, anonymous).decode()


def default_name(
    draft: Draft, draft_name: str, mode: str, fmt: str, since: str | None = None
) -> str:
    """``cnd-2014-demo-tracked-rev.1.docx``: the draft, the mode, its latest revision (and
    the base of a tracked export when it is not rev.0: ``…-tracked-rev.2-since-rev.1``)."""
    latest = layout.latest(draft)
    name = f"{draft_name}-{mode}-{latest}"
    if mode == "tracked" and since is not None:
        base = layout.since_name(draft, since)
        if base != "rev.0":
            name = f"{draft_name}-tracked-{latest}-since-{base}"
    return f"{name}.{fmt}"


def export_file(
    draft: Draft, draft_name: str, mode: str, fmt: str, since: str | None = None,
    keep_brackets: bool = False, target: str | Path | None = None, force: bool = False,
    anonymous: bool = False,
) -> Path:  # fmt: skip
    """Export to a file, atomically, and return its path. `target` may be a file or a
    folder (the default name goes in it; a name ending in ``/`` is a folder, which must
    exist); None: the default name in the current folder. An existing file is replaced
    only with `force`; on any error nothing is written."""
    _check(mode, fmt, since, keep_brackets, anonymous)
    name = default_name(draft, draft_name, mode, fmt, since)
    path = Path(name) if target is None else Path(target)
    try:
        if path.is_dir():
            path = path / name
        elif str(target).endswith(("/", os.sep)):  # Path() drops the slash: a folder meant
            raise DraftroomError("no such folder", path=target, hint="create it first, or -o FILE")
    except OSError:  # a name too long to stat: `replaceable` says so
        pass
    real = replaceable(path, force=force, hint="add --force to overwrite it, or choose -o FILE")
    write_document(real, render(draft, mode, fmt, since, keep_brackets, anonymous))
    return path

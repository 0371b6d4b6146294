"""Writing content in bracket notation: options separated, supporters tagged, the text's
own brackets, separators and stars escaped where they would read as notation."""

from __future__ import annotations

import re

from app.core.brackets import Bracket, Inline
from app.core.delegations import Registry, default_registry
from app.core.draft import Status
from app.core.notation.marks import _LONE_SLASH, _STATUS_TAG, STARRED, _looks_like_tags


# -- writing ------------------------------------------------------------------------------
def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def write(content: list[Inline], registry: Registry | None = None) -> str:
    """Content in bracket notation."""
    registry = registry or default_registry()
    return "".join(
        write_bracket(part, registry) if isinstance(part, Bracket) else _escape(part)
        for part in content
    )


def _write_option(content: list[Inline], registry: Registry, tagged: bool) -> str:
    """An option's wording; its own text escaped where it would read as notation: a
    `` / `` that would split options, a `` - `` that would start a tag list."""
    pieces: list[str] = []
    for index, part in enumerate(content):
        if isinstance(part, Bracket):
            pieces.append(write_bracket(part, registry))
            continue
        marked: set[int] = set()  # positions of "/" and "-" to escape, in the raw text
        splits = tagged or any(
            _looks_like_tags(segment[segment.rfind(" - ") + 3 :], registry)
            for segment in part.split(" / ")[:-1]
            if " - " in segment
        )
        if splits:
            marked |= {m.start() for m in _LONE_SLASH.finditer(part)}
        if index == len(content) - 1:
            # the reader takes the last " - " as the start of tags: escape it while it would be
            last = part.rfind(" - ")
            while last >= 0 and _looks_like_tags(part[last + 3 :], registry):
                marked.add(last + 1)
                last = part.rfind(" - ", 0, last)
        escaped: list[str] = []
        start = 0
        for i in sorted(marked):
            escaped += (_escape(part[start:i]), "\\", part[i])
            start = i + 1
        pieces.append("".join(escaped) + _escape(part[start:]))
    return "".join(pieces)


def write_bracket(bracket: Bracket, registry: Registry) -> str:
    options = bracket.options
    tagged = any(o.supporters or o.original for o in options)
    if not tagged:
        if len(options) == 2 and not options[0].empty and options[1].empty:
            lone = f"[{_write_option(options[0].content, registry, False)}]"
            # a lone "[Agreed]" would close the paragraph as a status: show its empty option
            return lone + "[]" if _STATUS_TAG.fullmatch(lone) else lone
        return "".join(f"[{_write_option(o.content, registry, False)}]" for o in options)
    # the option the `delete` tags stand for: an empty proposal, else an empty original
    empty = next((o for o in options if o.empty and not o.original), None) or next(
        (o for o in options if o.empty), None
    )
    if empty is not None and (
        (not empty.original and not empty.supporters)
        or (empty.original and any(not o.supporters for o in options[1:]))
    ):
        # tags cannot say it: an empty option nobody supports, or an empty original when a
        # wording without tags would read as the original; written as an option of its
        # own ("[, as appropriate / , - EU / ]", "[ - G77 retain / take]", "[ / take / …]")
        empty = None
    alternatives: list[tuple[str, list[str]]] = []
    for option in options:
        if option is empty:
            continue
        groups = []
        if option.supporters:
            names = ", ".join(option.supporters)
            groups.append(f"{names} retain" if option.original else names)
        alternatives.append((_write_option(option.content, registry, True), groups))
    if empty is not None and empty.supporters:
        alternatives[-1][1].append(", ".join(empty.supporters) + " delete")
    return (
        "["
        + " / ".join(
            text + (" - " + "; ".join(groups) if groups else "") for text, groups in alternatives
        )
        + "]"
    )


def pieces(
    content: list[Inline], registry: Registry | None = None
) -> list[tuple[str, Bracket | None]]:
    """Content in notation, piece by piece: agreed text (None) and each top-level bracket,
    so a screen can style brackets without ever parsing text as markup."""
    registry = registry or default_registry()
    return [
        (write_bracket(part, registry), part)
        if isinstance(part, Bracket)
        else (_escape(part), None)
        for part in content
    ]


def write_status(status: Status, by: list[str], package: str = "") -> str:
    """The tags closing a paragraph: `` [Agreed ad ref]``, `` [Pending: Iran]``."""
    tags = []
    if status in (Status.PENDING, Status.RESERVED):
        tags.append(f"[{status.value.capitalize()}: {', '.join(by)}]")
    elif status is not Status.OPEN:
        tags.append(f"[{status.value.capitalize()}]")
    if package:
        tags.append(f"[Package: {package}]")
    return "".join(" " + tag for tag in tags)


def write_paragraph(
    content: list[Inline],
    status: Status,
    by: list[str],
    package: str = "",
    registry: Registry | None = None,
    *,
    stars: bool = False,
) -> str:
    """A paragraph in notation, its status closing it; `stars`: its stars escaped as
    ``\\*``, for a text file (its importer reads ``*…*`` as italics, ``\\*`` as a star)."""
    text = write(content, registry)
    if stars:
        text = text.replace("*", "\\*")
    return text + write_status(status, by, package)


def escape_italic_stars(text: str) -> str:
    """`text` with the stars a text importer would read as ``*italics*`` escaped as
    ``\\*`` (a lone star is left as typed: it reads as itself)."""

    def escaped(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group()
        return match.group().replace("*", "\\*")

    while True:  # escaping a pair can leave two lone stars that pair up
        done = STARRED.sub(escaped, text)
        if done == text:
            return text
        text = done

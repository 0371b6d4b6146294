"""Bracket notation: paragraphs as compilation texts print them, read and written.

Tagged (Rio+20) form, one place with its options separated by `` / ``, each followed by
`` - `` and the delegations supporting it; ``retain`` marks supporters of the original
wording, ``delete`` supporters of deleting it::

    to free humanity from [extreme - US; G77 delete] poverty
    together with [changing unsustainable - EU, G77 retain / promoting sustainable - US] patterns
    We acknowledge … [, in accordance with … - G77; US, Canada, Japan, EU delete]

Untagged (UNFCCC) form: adjacent brackets with nothing between are one place with several
options, a lone bracket is text that may be deleted, brackets nest::

    Parties [shall][should][other] report on [low-[carbon][emission]] development

Paragraph statuses close the paragraph: ``[Agreed ad ref]``, ``[Agreed in informals]``,
``[Agreed]``, ``[Deleted]``, ``[Pending: Iran (Islamic Republic of)]``, ``[Reserved: X]``,
``[Package: name]``.

The text's own hyphens and slashes ("HIV/AIDS", "2011-2016") are text: `` - `` starts a
tag list only when what follows names delegations, and `` / `` separates options only in a
tagged bracket. A literal bracket or backslash is escaped (``\\[``, ``\\]``, ``\\\\``), as are
`` \\/ `` and `` \\- `` where they would otherwise be read as notation. Writing content and
reading it back gives the same content.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.brackets import MAX_DEPTH, Bracket, Inline, Option, canonical, normalize, trim
from app.core.delegations import TAG_KEYWORDS, Registry, default_registry, fold
from app.core.draft import Status
from app.core.errors import DraftroomError, Hint, InputError

# an escaped " / " and " - " while parsing: lone surrogates, which no text decoded from
# UTF-8 or TOML can hold (private-use characters can, and were read back as "/" and "-")
_SLASH = "\ud800"
_DASH = "\ud801"
_ESCAPED = {"/": _SLASH, "-": _DASH}
_SPECIAL = re.compile(r"[\[\]\\]")
#: In a text file: an escaped character, or a phrase in ``*italics*`` (``**bold**``) that
#: the text importer reads as emphasis, dropping its stars.
STARRED = re.compile(r"\\.|(\*\*?)((?:[^*\\\n]|\\.)+?)\1")
_STATUS_TAG = re.compile(
    r"(?:^|\s+)\[(?:(?P<plain>Agreed ad ref|Agreed in informals|Agreed|Deleted)"
    r"|(?P<who>Pending|Reserved): (?P<by>[^\[\]]+)"
    r"|Package: (?P<package>[^\[\]]+))\]\s*$",
    re.IGNORECASE,
)
#: A slash standing alone between spaces (or at an edge) could separate options.
_LONE_SLASH = re.compile(r"(?:(?<= )|^)/(?= |$)")


class NestingError(DraftroomError):
    """Brackets nested beyond `MAX_DEPTH`: refused even by a lenient reading (keeping them
    as text would silently lose the brackets; reading them would recurse)."""


@dataclass(slots=True)
class Parsed:
    """A paragraph read from notation."""

    content: list[Inline]
    status: Status = Status.OPEN
    status_by: list[str] = field(default_factory=list)
    package: str = ""
    warnings: list[DraftroomError] = field(default_factory=list)
    unclosed: int = 0
    """Brackets still open at the end (read with `runs_on`: the caller carries them on)."""


@dataclass(slots=True)
class _Node:
    """A bracket as scanned: its children and where it opened."""

    children: list[str | _Node]
    offset: int


@dataclass(slots=True)
class _Tags:
    plain: list[str] = field(default_factory=list)
    retain: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)


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


# -- reading ------------------------------------------------------------------------------
def _looks_like_tags(tail: str, registry: Registry) -> bool:
    """Whether the text after a `` - `` would be read as a tag list: it names a delegation,
    or something so close to one that it is taken for a misspelt tag."""
    parsed = [_group_names(g.strip()) for g in tail.split(";")]
    names = [n for group, _ in parsed for n in group]
    if not names or any(not group for group, _ in parsed):
        return False
    return any(registry.lookup(n) for n in names) or any(_near(n, registry) for n in names)


def _near(name: str, registry: Registry) -> bool:
    """A capitalised short name within a typo of a delegation ("Canda")."""
    if len(name.split()) > 4 or not name[:1].isupper():
        return False
    return bool(difflib.get_close_matches(fold(name), registry.folded(), n=1, cutoff=0.8))


def _group_names(group: str) -> tuple[list[str], str]:
    """A tag group's names and keyword: ``"US, Canada delete"`` -> (["US", "Canada"], "delete")."""
    keyword = ""
    for word in TAG_KEYWORDS:
        if group == word or group.endswith(" " + word):
            keyword = word
            group = group[: -len(word)].strip()
            break
    names = [n.strip() for n in group.split(",") if n.strip()]
    return names, keyword


class NotationReader:
    """Reads one paragraph's notation; errors and warnings say where, by line and column."""

    def __init__(
        self,
        registry: Registry,
        new_id: Callable[[], str],
        *,
        strict: bool = True,
        path: str | None = None,
        line: int | None = None,
        column: int = 1,
        locate: Callable[[int], tuple[int, int, str]] | None = None,
    ) -> None:
        self.locate = locate
        self.registry = registry
        self.new_id = new_id
        self.strict = strict
        self.path = path
        self.line = line
        self.column = column
        self.text = ""
        self.warnings: list[DraftroomError] = []

    # errors ---------------------------------------------------------------------------
    def _error(
        self,
        message: str,
        offset: int,
        hint: str | Hint | None = None,
        kind: type[DraftroomError] = InputError,
    ) -> DraftroomError:
        if self.locate is not None:
            line, column, excerpt = self.locate(offset)
            return kind(
                message, path=self.path, line=line, column=column, excerpt=excerpt, hint=hint
            )
        before = self.text[:offset]
        line = (self.line or 1) + before.count("\n")
        start = before.rfind("\n") + 1
        column = (self.column if start == 0 else 1) + offset - start
        excerpt_line = self.text.splitlines()[before.count("\n")] if self.text else ""
        if start == 0 and self.column > 1:
            excerpt_line = " " * (self.column - 1) + excerpt_line
        return kind(
            message, path=self.path, line=line if self.line is not None else None,
            column=column, excerpt=excerpt_line, hint=hint,
        )  # fmt: skip

    def _problem(self, message: str, offset: int, hint: str | None = None) -> None:
        error = self._error(message, offset, hint)
        if self.strict:
            raise error
        self.warnings.append(error)

    # scanning -------------------------------------------------------------------------
    def parse(self, text: str, opened: int = 0, *, runs_on: bool = False) -> Parsed:
        """Read `text`, one paragraph. A bracket left open is reported where it opened and
        closed at the paragraph's end, except with `runs_on` (a compilation text whose
        brackets run over a chapeau's sub-paragraphs: the caller carries them on, `opened`
        taken as open at the start of the next paragraph)."""
        self.text = text
        self.warnings = []
        status, by, package, body = self._status(text)
        root = _Node([], 0)
        stack = [root]
        for _ in range(opened):
            node = _Node([], 0)
            stack[-1].children.append(node)
            stack.append(node)
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                stack[-1].children.append("".join(buffer))
                buffer.clear()

        at = 0  # runs of plain text are taken whole, up to the next "[", "]" or "\\"
        for special in _SPECIAL.finditer(body):
            i = special.start()
            if i < at:  # the character escaped by the backslash before it
                continue
            if i > at:
                buffer.append(body[at:i])
            at = i + 1
            char = body[i]
            if char == "\\":
                if i + 1 < len(body):
                    following = body[i + 1]
                    buffer.append(_ESCAPED.get(following, following))
                    at = i + 2
                else:
                    buffer.append(char)
            elif char == "[":
                flush()
                if len(stack) > MAX_DEPTH:  # refused, lenient or not: reading it would recurse
                    raise self._error(
                        f"brackets nested more than {MAX_DEPTH} deep (real texts nest two or "
                        "three)", i, "close some brackets, or escape this one as \\[",
                        NestingError,
                    )  # fmt: skip
                node = _Node([], i)
                stack[-1].children.append(node)
                stack.append(node)
            elif len(stack) == 1:
                self._problem(
                    "a closing bracket ']' has no opening bracket", i,
                    "remove it, or escape it as \\] if it is part of the text",
                )  # fmt: skip
                buffer.append("]")
            else:
                flush()
                stack.pop()
        if at < len(body):
            buffer.append(body[at:])
        flush()
        unclosed = len(stack) - 1
        for node in [] if runs_on else stack[1:]:
            self._problem(
                "this opening bracket '[' is never closed in its paragraph"
                + ("" if self.strict else ": closed at the paragraph's end"), node.offset,
                "close it with ']', or escape it as \\[ if it is part of the text",
            )  # fmt: skip
        content = self._content(root.children)
        return Parsed(content, status, by, package, self.warnings, unclosed)

    def _status(self, text: str) -> tuple[Status, list[str], str, str]:
        status, package = Status.OPEN, ""
        by: list[str] = []
        while True:
            # a tag ends the text: most paragraphs end otherwise, and searching one costs
            # a scan of it from every space (a tenth of a millisecond a paragraph)
            match = _STATUS_TAG.search(text) if text.rstrip().endswith("]") else None
            if not match or text[: match.start()].endswith("\\"):
                return status, by, package, text
            if match.group("package"):
                package = match.group("package").strip()
            elif match.group("who"):
                status = Status(match.group("who").lower())
                start = match.start("by")
                by = [self._delegation(n.strip(), start) for n in match.group("by").split(",")]
            else:
                status = Status(match.group("plain").lower())
            text = text[: match.start()]

    def _delegation(self, name: str, offset: int) -> str:
        found = self.registry.lookup(name)
        if found is None:
            raise self._unknown_error(name, offset)
        return found[1]

    def _unknown_error(self, name: str, offset: int) -> DraftroomError:
        error = self.registry.unknown(name)
        return self._error(error.message, offset, error.hint)

    # structure ------------------------------------------------------------------------
    def _content(self, children: list[str | _Node]) -> list[Inline]:
        """Children as content: adjacent untagged brackets become one place."""
        content: list[Inline] = []
        run: list[_Node] = []

        def close_run() -> None:
            if run:
                content.append(self._untagged(run))
                run.clear()

        for child in children:
            if isinstance(child, str):
                close_run()
                content.append(_restore(child))
                continue
            tagged = self._tagged(child, before=close_run)
            if tagged is not None:
                content.append(tagged)
            else:
                run.append(child)
        close_run()
        return normalize(content)

    def _untagged(self, run: list[_Node]) -> Bracket:
        bracket_id = self.new_id()  # before the brackets inside: ids run in reading order
        options = [Option(self._content(node.children)) for node in run]
        if len(options) == 1:
            options.append(Option([]))
        return Bracket(bracket_id, options)

    def _split_alternatives(self, children: list[str | _Node]) -> list[list[str | _Node]]:
        alternatives: list[list[str | _Node]] = [[]]
        for child in children:
            if isinstance(child, str) and " / " in child:
                pieces = child.split(" / ")
                alternatives[-1].append(pieces[0])
                for piece in pieces[1:]:
                    alternatives.append([piece])
            else:
                alternatives[-1].append(child)
        return alternatives

    def _tags_of(self, alternative: list[str | _Node], node: _Node) -> _Tags | None:
        """Split the tag list off an alternative's end (in place), if it has one."""
        if not alternative or not isinstance(alternative[-1], str):
            return None
        last = alternative[-1]
        cut = last.rfind(" - ")
        if cut < 0:
            return None
        tail = last[cut + 3 :]
        if not _looks_like_tags(tail, self.registry):
            return None
        parsed = [_group_names(g.strip()) for g in tail.split(";")]
        names = [n for ns, _ in parsed for n in ns]
        unknown = [n for n in names if not self.registry.lookup(n)]
        offset = self._offset_of(tail, node)
        for name in unknown:
            raise self._unknown_error(name, offset + tail.find(name))
        tags = _Tags()
        for group_names, keyword in parsed:
            spelled = [self.registry.spelling(n) for n in group_names]
            {"": tags.plain, "retain": tags.retain, "delete": tags.delete}[keyword].extend(spelled)
        alternative[-1] = last[:cut]
        return tags

    def _offset_of(self, fragment: str, node: _Node) -> int:
        found = self.text.find(fragment.replace(_SLASH, "\\/").replace(_DASH, "\\-"), node.offset)
        return found if found >= 0 else node.offset

    def _tagged(self, node: _Node, before: Callable[[], None]) -> Bracket | None:
        """The bracket, if its options are tagged; `before` closes the places preceding it
        (they take their ids first: ids run in reading order)."""
        alternatives = self._split_alternatives(node.children)
        tags = [self._tags_of(alt, node) for alt in alternatives]
        if not any(tags):
            return None
        before()
        bracket_id = self.new_id()  # before the brackets inside: ids run in reading order
        options: list[Option] = []
        deleters: list[str] = []
        for alternative, tag in zip(alternatives, tags, strict=True):
            tag = tag or _Tags()
            content = trim(self._content(alternative))
            original = bool(tag.retain) or not tag.plain
            supporters = (tag.retain or []) + tag.plain if original else tag.plain
            options.append(Option(content, supporters, original))
            deleters.extend(tag.delete)
        originals = [o for o in options if o.original]
        for extra in originals[1:]:
            extra.original = False
        if not originals:
            options.insert(0, Option([], deleters, original=True))
        elif deleters:
            options.append(Option([], deleters))
        if len(options) < 2:
            options.append(Option([]))
        return canonical(Bracket(bracket_id, options))


def _restore(text: str) -> str:
    return text.replace(_SLASH, "/").replace(_DASH, "-")


def read(
    text: str,
    registry: Registry | None = None,
    new_id: Callable[[], str] | None = None,
    **where: object,
) -> Parsed:
    """Read a paragraph in notation (strict: any malformation is a DraftroomError)."""
    counter = iter(range(1, 1_000_000))
    reader = NotationReader(
        registry or default_registry(),
        new_id or (lambda: f"b{next(counter)}"),
        **where,  # type: ignore[arg-type]
    )
    return reader.parse(text)

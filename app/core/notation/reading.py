"""Reading bracket notation: tagged and untagged brackets, nesting, status tags; every
malformation named by its line and column (lenient reading keeps stray brackets as text and
reports them)."""

from __future__ import annotations

from collections.abc import Callable

from app.core.brackets import MAX_DEPTH, Bracket, Inline, Option, canonical, normalize, trim
from app.core.delegations import Registry, default_registry
from app.core.draft import Status
from app.core.errors import DraftroomError, Hint, InputError
from app.core.notation.marks import (
    _DASH,
    _ESCAPED,
    _SLASH,
    _SPECIAL,
    _STATUS_TAG,
    NestingError,
    Parsed,
    _group_names,
    _looks_like_tags,
    _Node,
    _Tags,
)


# -- reading ------------------------------------------------------------------------------
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

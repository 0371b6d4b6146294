"""Every key of the drafting room, in one registry: the bindings, the help screen's groups
and the context in which the key bar shows each key.

The key bar shows what matters *here*: the bracket keys (support, oppose, agree…) only on a
paragraph with an open bracket, the paragraph keys only on a negotiable paragraph, `n`/`N`
only after a search. A key out of context does nothing; the help screen lists them all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.markup import escape

if TYPE_CHECKING:
    from app.tui.view import RoomView


class Context(StrEnum):
    """When a key applies."""

    ALWAYS = "always"
    BRACKET = "on an open bracket"
    PARAGRAPH = "on a negotiable paragraph"
    SEARCH = "after a search"
    NARROW = "on a narrow screen"
    FINDING = "on agreed language found"


@dataclass(frozen=True, slots=True)
class Key:
    """A binding with the group the help screen lists it under and when it applies."""

    binding: Binding
    group: str
    context: Context = Context.ALWAYS


def _key(
    key: str,
    action: str,
    description: str,
    tooltip: str,
    group: str,
    context: Context = Context.ALWAYS,
    *,
    show: bool = True,
    priority: bool = False,
    key_display: str | None = None,
    id_: str | None = None,
) -> Key:
    binding = Binding(
        key, action, description, show=show, priority=priority, key_display=key_display,
        id=id_ or action.replace("_", "-"), tooltip=tooltip,
    )  # fmt: skip
    return Key(binding, group, context)


MOVE, RECORD, DECIDE, SESSION = "Moving", "Recording proposals", "Deciding", "The session"

KEYS: list[Key] = [
    _key("g", "jump", "Go to", "Jump to a paragraph by label: OP33 B 24, pp1, 7bis", MOVE),
    _key("right_square_bracket", "next_bracket", "Next [", "Next open bracket", MOVE,
         key_display="]"),
    _key("left_square_bracket", "previous_bracket", "Prev [", "Previous open bracket", MOVE,
         show=False, key_display="["),
    _key("e", "propose", "Propose", "Edit the paragraph as a delegation wants it", RECORD,
         Context.PARAGRAPH),
    _key("s", "support", "Support", "A delegation supports an option of the current bracket "
         "('EU 2': option 2)", RECORD, Context.BRACKET),
    _key("o", "oppose", "Oppose", "A delegation opposes an option (recorded as retain/delete)",
         RECORD, Context.BRACKET),
    _key("w", "withdraw", "Withdraw", "A delegation withdraws its support", RECORD,
         Context.BRACKET, show=False),
    _key("a", "agree", "Agree", "The room agrees the current bracket to one option", DECIDE,
         Context.BRACKET),
    _key("m", "mark", "Status", "Mark the paragraph: agreed, ad ref, informals, pending, "
         "reserved, deleted, reopen", DECIDE, Context.PARAGRAPH),
    _key("slash", "search", "Search", "Find words in the text, brackets included", MOVE,
         key_display="/"),
    _key("n", "search_next", "Next hit", "The next paragraph holding the words searched",
         MOVE, Context.SEARCH),
    _key("N", "search_previous", "Prev hit", "The previous paragraph holding the words searched",
         MOVE, Context.SEARCH, show=False),
    _key("f", "filter", "Contested", "Show only paragraphs with open brackets (again: all)",
         MOVE, show=False),
    _key("b", "insert", "New bis", "Propose a new paragraph after this one (bis, ter…)",
         RECORD, Context.PARAGRAPH, show=False),
    _key("d", "delete", "Delete", "A delegation proposes to delete the paragraph", RECORD,
         Context.PARAGRAPH, show=False),
    _key("l", "lookup", "Agreed lang.", "Look up agreed language in the glossary", RECORD),
    _key("v", "view_source", "Source", "Open the passage a finding of agreed language cites "
         "in its source document, the difference marked (n / N there: the next / previous "
         "finding; Esc: back)", RECORD, Context.FINDING),
    _key("ctrl+z", "undo", "Undo", "Undo the last change", SESSION),
    _key("ctrl+y", "redo", "Redo", "Redo the change last undone", SESSION, show=False),
    _key("R", "revise", "Revise", "Issue the next revision (rev.1, rev.2…)", SESSION,
         show=False),
    _key("x", "export", "Export", "Export a clean, bracketed or tracked draft (txt, md, html, "
         "docx)", SESSION, show=False),
    _key("i", "import_file", "Import a Word, PDF or text file…", "Import a Word, PDF or "
         "text file into a new draft, and open it", SESSION, show=False),
    _key("C", "compile_returns", "Compile delegations' returns…", "Compile delegations' "
         "returns (Word files with Track Changes) into this draft as their proposals",
         SESSION, show=False),
    _key("p", "toggle_panel", "Panel", "The bracket panel instead of the outline", SESSION,
         Context.NARROW),
    _key("P", "projector", "Projector", "The current paragraph large, for the room's screen "
         "(again or Esc: back)", SESSION, show=False),
    _key("question_mark", "help", "Keys", "Every key of the drafting room", SESSION,
         key_display="?"),
    _key("q", "quit", "Quit", "Leave the drafting room (all is saved)", SESSION),
    _key("ctrl+q", "quit", "Quit", "Leave the drafting room (all is saved)", SESSION,
         show=False, priority=True, id_="quit-ctrl"),
    _key("tab", "focus_next", "Outline/Text", "Move between the outline and the text", MOVE,
         show=False),
]  # fmt: skip


FOLLOW = "Following"
FOLLOWER_KEYS: list[Key] = [
    _key("f", "follow", "Follow", "Follow the facilitator's paragraph (again: stop)", FOLLOW),
    _key("n", "next_change", "Next change", "The next paragraph changed since you looked",
         FOLLOW),
    _key("c", "seen", "Seen", "Mark every change seen (the marks go)", FOLLOW),
    _key("q", "quit", "Quit", "Stop following (nothing to save: read-only)", FOLLOW),
    _key("ctrl+q", "quit", "Quit", "Stop following", FOLLOW, show=False, priority=True,
         id_="quit-ctrl"),
]  # fmt: skip
"""The keys of a follower (`draftroom open DRAFT --follow`, `--projector`): it changes
nothing, so it has none of the room's recording keys."""


SOURCE_KEYS: list[Key] = [
    _key("n", "step(1)", "Next", "The next finding of the paragraph, or the next document "
         "that agreed the same wording", "In the source viewer", id_="source-next"),
    _key("N", "step(-1)", "Previous", "The previous finding or document",
         "In the source viewer", id_="source-previous"),
    _key("escape", "app.pop_screen", "Back", "Back to the room, where it was",
         "In the source viewer", id_="source-back", key_display="Esc"),
]  # fmt: skip
"""The keys of the source viewer (the room's `v`); the arrows move in the document."""


def key_name(binding: Binding) -> str:
    """A key as the key bar and the help screen print it: ``]``, ``^Z``, ``?``."""
    if binding.key_display:
        return binding.key_display
    return binding.key.replace("ctrl+", "^").replace("question_mark", "?")


CONTEXTS: dict[str, Context] = {k.binding.action: k.context for k in KEYS}
"""Each action's context, for `check_action`."""


def room_commands(
    applies: Callable[[str, tuple[object, ...]], bool | None],
    run: Callable[[str], Awaitable[Any]],
) -> Iterator[SystemCommand]:
    """The room's actions for the command palette, once each, those that `applies` allows
    here: each by its name and what it does, with its key."""
    seen: set[str] = set()
    for key in KEYS:
        action = key.binding.action
        if action in seen or action == "focus_next" or not applies(action, ()):
            continue
        seen.add(action)
        title = key.binding.description
        if "[" in title:  # "Next [": the palette reads its text as markup
            title = key.binding.tooltip
        yield SystemCommand(
            title,
            escape(f"{key.binding.tooltip} (key {key_name(key.binding)})"),
            partial(run, action),
        )


def applies(context: Context, view: RoomView, narrow: int) -> bool:
    """Whether the keys of `context` apply where the facilitator is (a screen narrower
    than `narrow` columns shows no panel: its key applies)."""
    if context is Context.ALWAYS:
        return True
    if context is Context.NARROW:
        return view.size.width < narrow
    if context is Context.SEARCH:
        return bool(view.searched)
    if context is Context.FINDING:
        return bool(view.findings)
    try:
        paragraph = view.paragraph
    except NoMatches:  # the room is not mounted yet
        return True
    if context is Context.PARAGRAPH:
        return paragraph.negotiable
    return bool(paragraph.negotiable and paragraph.brackets)

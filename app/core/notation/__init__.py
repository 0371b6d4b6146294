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

from app.core.notation.marks import STARRED, NestingError, Parsed
from app.core.notation.reading import NotationReader, read
from app.core.notation.writing import (
    escape_italic_stars,
    pieces,
    write,
    write_bracket,
    write_paragraph,
    write_status,
)  # fmt: skip

__all__ = [
    "STARRED", "NestingError", "NotationReader", "Parsed", "escape_italic_stars", "pieces",
    "read", "write", "write_bracket", "write_paragraph", "write_status",
]  # fmt: skip

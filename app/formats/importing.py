"""Which importer reads a text: UN plain text (compilation texts included) or the
Markdown the UNFCCC negotiating texts were converted to."""

from __future__ import annotations

from app.core.delegations import Registry
from app.core.draft import Draft
from app.core.errors import DraftroomError
from app.formats.markdown import import_markdown, looks_like_markdown
from app.formats.untext import import_un_text


def import_document(
    text: str,
    *,
    name: str,
    source: str = "",
    registry: Registry | None = None,
    strict: bool = False,
    warnings: list[DraftroomError] | None = None,
) -> Draft:
    """A draft from a text, by the importer its form calls for."""
    importer = import_markdown if looks_like_markdown(text) else import_un_text
    return importer(
        text, name=name, source=source, registry=registry, strict=strict, warnings=warnings
    )

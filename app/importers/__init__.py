"""Texts in, drafts out: UN plain text (compilation texts included), the Markdown of the
UNFCCC negotiating texts and Draftroom's own Markdown export."""

"""Draftroom: a terminal drafting room for UN negotiators."""

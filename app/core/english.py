"""English function words: the glue of a sentence, which says little about its content.

The UN text importer knows a page break cut a sentence when a line stops on one; the
agreed-language checker does not index pairs of them, nor take one swapped for another at
a formula's edge for a near-miss.
"""

from __future__ import annotations

FUNCTION_WORDS = frozenset(
    "a an and are as at be by for from in into is its of on or that the their these this "
    "those to which with under through than also such both all they them it we our where "
    "when who whom whose there here was were been has have had will would may shall should "
    "can not".split()
)

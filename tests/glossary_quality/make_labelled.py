"""Write `labelled.jsonl`: the passages the agreed-language checker is scored on.

Why generated: the set has to follow the glossary (another engineer edits it), so it is
derived from the bundled entries by a seeded generator, committed with its data; re-running
over the same glossary writes the same file. Run after the glossary changes:

    .venv/bin/python -m tests.glossary_quality.make_labelled

What it writes, one JSON object a line:

- variants of entries of at least 6 words, one kind of change each (``substitution``,
  ``insertion``, ``omission``, ``inflection``, ``moved``, ``head``), in a carrier sentence;
- ``exact`` uses: an entry verbatim with the noise real documents carry (case, quotes, a
  line break, a footnote mark, a hyphen added or lost, a word split by PDF extraction);
- ``negative`` sentences holding no formula: UNFCCC negotiating text, plain English, and
  drug-policy sentences that share the glossary's words but none of its formulas.

Each variant says whether the change touches the entry's first or last word (``edge``):
"promote a society free of drug abuse" for "actively promote …" is a near-miss all the
same, and the figures show both sides.

The labels never consult the checker. A variant is kept only when its label is the only
right answer, judged on the words alone: it must not use another entry verbatim that the
original did not, and no other entry (bar the parts of the original) may be as close to
it. A negative is kept only when no entry is within 40 % of its words of any stretch of it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.glossary.entries import Entry, load_glossary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "labelled.jsonl"
META = HERE / "labelled.meta.json"
CORPUS = ROOT / "tests" / "corpus" / "unfccc-cop21"
SEED = 20140314
PER_KIND = 120
"""Items per kind of change and exact uses (the targets ask for at least 100)."""
UNFCCC_NEGATIVES = 80
MIN_WORDS = 6

CARRIERS = (
    "The Commission, {p}, decides to act.",
    "Delegations proposed {p} in the informal consultations on Tuesday.",
    "Text read out by the facilitator: {p}.",
    "{P}; the paragraph was then left open.",
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
FUNCTION = frozenset(
    "a an and are as at be by for from in into is its of on or our than that the their "
    "thereto these this those to which with".split()
)
"""Words too common to insert, drop or inflect alone."""
_NO_GAP_AFTER = frozenset("a an the of to for by with in on into from at its their our".split())
_BOUNDARY = frozenset(
    "and or in for with to at through by on including within while so upon as from that "
    "which whereby into without among between against under".split()
)
"""Words a clause or phrase opens with: an aside may stand before them."""

# -- hand-written tables of real negotiation changes ---------------------------------------
SWAPS: dict[str, tuple[str, ...]] = {
    "shall": ("should", "may", "will"),
    "should": ("shall", "may", "must", "could"),
    "must": ("should", "shall"),
    "may": ("might", "could", "should"),
    "can": ("could", "may"),
    "strengthen": ("enhance", "reinforce", "improve"),
    "strengthening": ("enhancing", "reinforcing"),
    "enhance": ("strengthen", "improve", "increase"),
    "enhanced": ("strengthened", "improved"),
    "promote": ("encourage", "foster", "support"),
    "promoting": ("encouraging", "fostering"),
    "opium": ("opioid", "opiate"),
    "opioid": ("opium", "opiate"),
    "drug": ("narcotic",),
    "drugs": ("narcotics",),
    "narcotic": ("drug",),
    "international": ("global", "multilateral"),
    "global": ("international",),
    "effective": ("efficient", "appropriate"),
    "effectively": ("efficiently", "successfully"),
    "comprehensive": ("holistic", "broad"),
    "integrated": ("coordinated", "coherent"),
    "balanced": ("coherent", "equitable"),
    "reinforce": ("strengthen", "redouble"),
    "increase": ("enhance", "expand", "intensify"),
    "address": ("tackle", "confront"),
    "addressing": ("tackling", "confronting"),
    "counter": ("combat", "fight"),
    "countering": ("combating", "fighting"),
    "combat": ("counter", "fight"),
    "combating": ("countering", "fighting"),
    "ensure": ("guarantee", "secure"),
    "ensuring": ("guaranteeing", "securing"),
    "full": ("due", "complete"),
    "fully": ("entirely", "duly"),
    "respect": ("regard",),
    "principles": ("values",),
    "achieve": ("attain", "reach"),
    "achieving": ("attaining", "reaching"),
    "sustainable": ("durable", "lasting"),
    "significantly": ("substantially", "considerably"),
    "prevent": ("avoid", "deter"),
    "minimizing": ("reducing", "mitigating"),
    "adverse": ("negative", "harmful"),
    "negative": ("adverse", "harmful"),
    "persistent": ("continuing", "enduring"),
    "evolving": ("changing", "emerging"),
    "emerging": ("new", "evolving"),
    "illicit": ("illegal", "unlawful"),
    "abuse": ("use", "misuse"),
    "use": ("abuse", "consumption"),
    "dependence": ("addiction",),
    "addiction": ("dependence",),
    "offences": ("crimes",),
    "proportionate": ("appropriate", "commensurate"),
    "cooperation": ("collaboration", "coordination"),
    "relevant": ("appropriate", "concerned"),
    "appropriate": ("relevant", "suitable"),
    "threat": ("challenge", "danger", "risk"),
    "challenges": ("threats", "risks"),
    "challenge": ("threat", "risk"),
    "serious": ("grave", "major"),
    "major": ("serious", "grave"),
    "people": ("persons", "individuals"),
    "individuals": ("persons", "people"),
    "commitment": ("resolve", "determination"),
    "complementary": ("compatible", "interlinked"),
    "humanity": ("humankind", "mankind"),
    "humankind": ("humanity", "mankind"),
    "medical": ("therapeutic", "clinical"),
    "important": ("key", "essential", "significant"),
    "need": ("necessity", "requirement"),
    "treatment": ("therapy",),
    "support": ("assistance",),
    "assistance": ("support", "aid"),
    "facilitate": ("promote", "support"),
    "improve": ("enhance", "strengthen"),
    "timely": ("rapid", "prompt"),
    "harmful": ("dangerous",),
    "dangerous": ("harmful",),
    "specific": ("particular", "special"),
    "fundamental": ("basic", "core"),
    "inherent": ("intrinsic",),
    "mutual": ("reciprocal",),
    "sovereignty": ("independence",),
    "legislation": ("laws",),
    "national": ("domestic",),
    "domestic": ("national",),
    "guidelines": ("standards",),
    "measures": ("steps", "actions"),
    "efforts": ("actions", "initiatives"),
    "cornerstone": ("foundation", "basis"),
    "consider": ("explore",),
    "urge": ("invite", "encourage"),
    "reaffirm": ("recall", "reiterate"),
    "unwavering": ("firm", "steadfast"),
    "crops": ("plants",),
    "trafficking": ("smuggling",),
    "traffickers": ("smugglers",),
    "transparent": ("open",),
    "inclusive": ("participatory",),
    "prime": ("primary", "main"),
    "leading": ("main", "central"),
    "vulnerable": ("marginalized",),
}
"""Single-word swaps delegations propose (shall/should, strengthen/enhance, drug/narcotic…)."""

INSERT_BEFORE_VERB = ("further", "also", "fully", "effectively", "actively")
INSERT_BEFORE_NOUN = ("all", "relevant", "further", "increased", "appropriate", "national")
INSERT_ASIDE = ("inter alia", "in particular", "as appropriate")
"""Asides inserted with their commas: ", inter alia,"."""

MOVABLE = (
    "as appropriate",
    "where appropriate",
    "inter alia",
    "in particular",
    "where possible",
    "upon request",
    "as a matter of priority",
)

HEADS: dict[str, tuple[str, ...]] = {
    "in accordance with": (
        "in line with",
        "consistent with",
        "in conformity with",
        "in full conformity with",
        "in keeping with",
        "in compliance with",
        "pursuant to",
    ),
    "in full conformity with": (
        "in accordance with",
        "in conformity with",
        "in line with",
        "consistent with",
        "fully consistent with",
    ),
    "in conformity with": (
        "in accordance with",
        "in full conformity with",
        "in line with",
        "consistent with",
        "in compliance with",
    ),
    "consistent with": (
        "in accordance with",
        "in line with",
        "in conformity with",
        "in keeping with",
    ),
    "with full respect for": (
        "with due respect for",
        "with due regard for",
        "with respect for",
        "in full respect of",
        "while respecting",
        "in accordance with",
    ),
    "on the basis of": (
        "based on",
        "in line with",
        "guided by",
        "in accordance with",
        "taking into account",
    ),
    "with a view to": ("in order to", "with the aim of", "for the purpose of", "aimed at"),
    "in order to": ("with a view to", "so as to", "with the aim to", "in an effort to"),
    "so as to": ("in order to", "with a view to"),
    "taking into account": (
        "bearing in mind",
        "taking into consideration",
        "with due regard to",
        "in light of",
        "mindful of",
    ),
    "in the light of": ("in view of", "in light of", "given", "bearing in mind"),
    "pursuant to": ("in accordance with", "under", "in line with", "consistent with"),
    "in compliance with": (
        "in accordance with",
        "consistent with",
        "in line with",
        "in conformity with",
    ),
    "in cooperation": ("in collaboration", "in coordination", "together"),
    "upon request by": ("at the request of", "upon the request of", "when requested by"),
    "as part of": ("within", "in the context of", "as a component of"),
    "so that": ("in order that", "to ensure that"),
    "where appropriate": ("as appropriate", "where possible", "if appropriate"),
    "including": ("in particular", "such as", "inter alia"),
    "while ensuring": ("while guaranteeing", "and ensuring", "without compromising"),
    "within": ("in accordance with", "in line with"),
}
"""Formula heads and the heads delegations put in their place."""

VERBS = frozenset(
    "strengthen promote address counter reduce prevent ensure achieve reinforce increase "
    "implement design take mainstream combat support improve facilitate enhance respond "
    "deepen hold provide review update realize elaborate convene eradicate accelerate "
    "ratify accede consider reaffirm urge expand constitute continue pose undermine enable "
    "play recognize protect present minimize target elaborate detect dismantle disrupt "
    "adopt live benefit hinder refuse place reintegrate".split()
)
NOUNS = frozenset(
    "measure impact state right approach strategy policy programme convention challenge "
    "effort need threat group system process role body entity setting responsibility "
    "principle perspective framework institution commitment instrument offence crop "
    "substance law market industry target goal provision declaration initiative "
    "intervention service route trend asset organization partnership sector authority "
    "disorder cause consequence guideline practice penalty standard tool problem aspect "
    "level flow haven code freedom individual family community population stakeholder "
    "plant country stage component action region abuse".split()
)
_NOT_PLURAL = frozenset("whereas perhaps always towards afterwards thus across nations".split())

# -- negatives I wrote -------------------------------------------------------------------
PLAIN = (
    "The train to Geneva left twenty minutes late because of snow on the line.",
    "She bought a loaf of rye bread, two lemons and a jar of honey at the market.",
    "Our neighbours painted their fence green and planted tulips along the path.",
    "The museum closes at six on weekdays and at four on Sundays.",
    "He forgot his umbrella at the café and walked home in the rain.",
    "The recipe calls for three eggs, a cup of flour and a pinch of salt.",
    "Please remember to water the tomatoes while I am away next week.",
    "The football match was postponed after the referee fell ill.",
    "A heron stood motionless in the shallow water of the pond.",
    "The printer on the third floor has run out of toner again.",
    "They argued for an hour about where to hang the new painting.",
    "The library offers free chess lessons for children on Saturday mornings.",
    "My grandmother kept every letter she received in a biscuit tin.",
    "The bridge will be closed for repairs until the end of the month.",
    "He practised the cello every evening until his fingers were sore.",
    "The lake froze early this year, and the skaters came out in December.",
    "Could you pass me the blue folder on the shelf behind you?",
    "The bakery on the corner sells the best croissants in the neighbourhood.",
    "The children built a sandcastle with a moat and a paper flag.",
    "Our flight was diverted to Lyon because of fog over the airport.",
    "She repaired the bicycle chain with a borrowed wrench and some patience.",
    "The orchestra tuned their instruments while the audience found their seats.",
    "A strong wind knocked over the chairs on the terrace last night.",
    "He wrote the shopping list on the back of an old envelope.",
    "The cat slept all afternoon in a patch of sunlight by the window.",
    "The meeting room smells of fresh paint and strong coffee.",
    "Hikers should carry water, a map and a warm jacket above the tree line.",
    "The old clock in the hallway gains five minutes every week.",
    "We watched the fireworks from the roof of the apartment building.",
    "The garden hose sprang a leak near the tap, so the path flooded.",
)
"""Plain English that is not UN language at all."""

DRUG_POLICY = (
    "The delegation of Norway said that national drug strategies differ widely in how they fund treatment services.",
    "Several speakers noted that customs officers at land borders had seized more cocaine than in any previous year.",
    "The representative of the secretariat presented the latest figures on seizures of heroin.",
    "A civil society observer described a needle exchange in a small town that had run for ten years on volunteer labour.",
    "Delegations disagreed on whether the reference to the death penalty belonged in the preamble or in an operative paragraph.",
    "The International Narcotics Control Board published its annual report in March, a week before the session.",
    "Police in the port city arrested four people suspected of importing precursor chemicals hidden in shipments of fertilizer.",
    "The facilitator asked delegations to send their written proposals on the paragraph on prevention by Friday noon.",
    "Farmers in the valley replaced part of their coca fields with coffee and cacao after the new road opened.",
    "The ministry of health trained nurses in rural clinics to recognize the signs of an overdose.",
    "Some delegations wanted the text to mention harm reduction by name, while others preferred to leave it out.",
    "The secretariat circulated a compilation of proposals on drug treatment in prisons before the informal meeting.",
    "A researcher told the side event that cannabis potency had roughly doubled in a decade in several markets.",
    "The conference room paper on synthetic drugs was withdrawn after the co-sponsors failed to agree on its title.",
    "The Commission will vote on the scheduling of six new substances on the last day of the session.",
    "Border guards used sniffer dogs and scanners to inspect lorries coming off the ferry.",
    "The city council opened a second supervised treatment centre near the main railway station.",
    "Delegates spent the afternoon arguing over a footnote about the availability of morphine in hospitals.",
    "The regional office reported that online sales of counterfeit medicines had grown during the pandemic.",
    "A young delegate asked whether the statement would say anything about drug use among students.",
    "The customs union agreed to share data on suspicious parcels with the postal services of its members.",
    "The chair suspended the meeting so that the regional groups could consult on the bracketed paragraphs.",
    "Doctors at the clinic prescribed methadone to patients who had used heroin for many years.",
    "The report counted how many countries had laws allowing the medical use of cannabis.",
    "Negotiators from both groups met over breakfast to find wording on the drug control treaties acceptable to all.",
)
"""Drug-policy sentences sharing the glossary's words ("drug", "treatment", "Commission",
"cooperation") but no formula."""


def fingerprint(entries: list[Entry]) -> str:
    """A hash of the glossary's ids and wordings: tells whether the set needs regenerating."""
    texts = "\n".join(sorted(f"{e.id}\t{e.text}" for e in entries))
    return hashlib.sha256(texts.encode()).hexdigest()[:16]


# -- words --------------------------------------------------------------------------------
def key(word: str) -> str:
    """A word as compared: NFKC, casefolded, apostrophes dropped."""
    return unicodedata.normalize("NFKC", word).casefold().replace("’", "").replace("'", "")


def keys(text: str) -> list[str]:
    return [key(m.group()) for m in _WORD.finditer(text)]


@dataclass(slots=True)
class Tok:
    """A word and what follows it up to the next word."""

    word: str
    sep: str

    @property
    def key(self) -> str:
        return key(self.word)


@dataclass(slots=True)
class Text:
    """A passage as words with their separators, so edits keep the punctuation."""

    head: str
    toks: list[Tok]

    @classmethod
    def parse(cls, text: str) -> Text:
        found = list(_WORD.finditer(text))
        toks = [
            Tok(
                m.group(),
                text[m.end() : found[i + 1].start()] if i + 1 < len(found) else text[m.end() :],
            )
            for i, m in enumerate(found)
        ]
        return cls(text[: found[0].start()] if found else text, toks)

    def copy(self) -> Text:
        return Text(self.head, [Tok(t.word, t.sep) for t in self.toks])

    def render(self) -> str:
        text = self.head + "".join(t.word + t.sep for t in self.toks)
        return re.sub(r"\s*,(\s*,)+", ",", re.sub(r"  +", " ", text)).strip(" ,")

    def hyphened(self, i: int) -> bool:
        """Whether word i is joined to a neighbour by a hyphen or slash."""
        return any(c in self.toks[i].sep for c in "-/") or (
            i > 0 and any(c in self.toks[i - 1].sep for c in "-/")
        )


def like(model: str, word: str) -> str:
    """`word` in the case of `model` ("States" -> "State", "Drug" -> "Narcotic")."""
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def related(a: str, b: str) -> bool:
    """Whether two words look like forms of one another (not a real substitution)."""
    a, b = a.casefold(), b.casefold()
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return a.startswith(b) or b.startswith(a) or common >= 6


def insert(text: Text, gap: int, words: list[str], aside: bool) -> Text:
    """`words` put before word `gap` (after the last word when gap == len); an aside is set
    off with commas: ", inter alia,"."""
    new = text.copy()
    toks = new.toks
    added = [Tok(w, " ") for w in words]
    if gap == len(toks):
        toks[-1].sep = toks[-1].sep.rstrip() + (", " if aside else " ")
        added[-1].sep = ""
    elif aside:
        added[-1].sep = ", "
        if gap > 0:
            sep = toks[gap - 1].sep.rstrip()
            toks[gap - 1].sep = (sep if sep.endswith(",") else sep + ",") + " "
    new.toks = toks[:gap] + added + toks[gap:]
    return new


def remove(text: Text, start: int, end: int) -> Text:
    """Words start..end-1 taken out, commas that set them off mended."""
    new = text.copy()
    toks = new.toks
    if start > 0:
        left, right = toks[start - 1].sep, toks[end - 1].sep
        if end == len(toks):
            toks[start - 1].sep = ""
        elif "," in left and "," in right:
            toks[start - 1].sep = " "
        elif "," in right:
            toks[start - 1].sep = right
    new.toks = toks[:start] + toks[end:]
    return new


def inside_heads(words: list[str]) -> set[int]:
    """Gaps inside a formula head ("in | accordance | with") or a qualifier ("as |
    appropriate"), where nothing is inserted."""
    inside: set[int] = set()
    for head in (*HEADS, *MOVABLE):
        size = len(head.split())
        for start in range(len(words) - size + 1):
            if words[start : start + size] == head.split():
                inside |= set(range(start + 1, start + size))
    return inside


def is_verb(word: str) -> bool:
    return word in VERBS or any(
        word == f + "ing" for f in (word[:-3], word[:-3] + "e") if f in VERBS
    )


def gaps(text: Text) -> list[int]:
    """Places where an aside can stand: the ends, after a comma, or at a clause or phrase
    boundary (before "and", "in", "with"…), never inside a formula head ("in accordance
    with") or a hyphenated word."""
    n = len(text.toks)
    words = [t.key for t in text.toks]
    inside = inside_heads(words)
    found = [0, n]
    for g in range(1, n):
        before = text.toks[g - 1]
        if g in inside or before.key in _NO_GAP_AFTER or any(c in before.sep for c in "-/"):
            continue
        if before.word[:1].isupper() and g + 1 < n and text.toks[g + 1].word[:1].isupper():
            continue  # inside a title: "Convention against Corruption"
        if "," in before.sep or words[g] in _BOUNDARY:
            found.append(g)
    return found


def inflections(word: str) -> list[str]:
    """Other regular forms of a word: plural/singular, -ing/-s/-ed for known verbs."""
    w = word.casefold()
    forms: list[str] = []
    if w in FUNCTION or len(w) < 4 or (word[:1].isupper() and w != "states"):
        return forms
    if w in VERBS:
        stem = w[:-1] if w.endswith("e") and not w.endswith("ee") else w
        forms += [stem + "ing", w + ("es" if w.endswith(("s", "sh", "ch", "x", "z")) else "s")]
        forms.append(w + "d" if w.endswith("e") else w + "ed")
    for verb in VERBS:
        stem = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
        if w == stem + "ing":
            forms.append(verb)
    if w.endswith("ies") and len(w) > 4:
        forms.append(w[:-3] + "y")
    elif w.endswith(("sses", "xes", "ches", "shes")):
        forms.append(w[:-2])
    elif (
        w.endswith("s") and not w.endswith(("ss", "us", "is", "ous", "as")) and w not in _NOT_PLURAL
    ):
        forms.append(w[:-1])
    if w in NOUNS:
        if w.endswith("y") and w[-2] not in "aeiou":
            forms.append(w[:-1] + "ies")
        elif w.endswith(("s", "sh", "ch", "x")):
            forms.append(w + "es")
        else:
            forms.append(w + "s")
    return [f for f in dict.fromkeys(forms) if f != w]


# -- the glossary as the generator sees it -------------------------------------------------
@dataclass(slots=True)
class Known:
    id: str
    text: str
    keys: list[str]


@dataclass(slots=True)
class Candidate:
    """A variant before it is judged unambiguous."""

    passage: str
    note: str
    cost: float
    """The size of the change as a reader counts it (a phrase moved counts 1)."""
    adhoc: str = ""
    """The canonical wording, when the entry had to be extended (a phrase to move)."""
    adhoc_id: str = ""


@dataclass
class Judge:
    """Decides whether a passage's label is unambiguous against the glossary."""

    entries: list[Known]
    joined: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.joined = [" " + " ".join(e.keys) + " " for e in self.entries]

    def exact_in(self, words: list[str], extra: Iterable[Known] = ()) -> set[str]:
        """Texts of the entries used verbatim in `words`."""
        hay = " " + " ".join(words) + " "
        found = {e.text for e, j in zip(self.entries, self.joined, strict=True) if j in hay}
        return found | {e.text for e in extra if " " + " ".join(e.keys) + " " in hay}

    def closest_other(self, words: list[str], exclude: Known, extra: Iterable[Known] = ()) -> float:
        """The best similarity (1 - edits/length) of any entry other than `exclude` and its
        parts to a stretch of `words`."""
        best = 0.0
        bag = set(words)
        own = " " + " ".join(exclude.keys) + " "
        for other in [*self.entries, *extra]:
            if other.keys == exclude.keys or " " + " ".join(other.keys) + " " in own:
                continue
            if len(other.keys) < 4 or len(set(other.keys) & bag) < 0.5 * len(set(other.keys)):
                continue
            best = max(best, 1 - semiglobal(other.keys, words) / len(other.keys))
        return best

    def variant_ok(self, base: Known, cand: Candidate) -> bool:
        target = Known(cand.adhoc_id, cand.adhoc, keys(cand.adhoc)) if cand.adhoc else base
        extra = [target] if cand.adhoc else []
        words = keys(cand.passage)
        if words == target.keys:
            return False
        if not self.exact_in(words, extra) <= self.exact_in(target.keys, extra):
            return False
        mine = 1 - cand.cost / len(target.keys)
        return self.closest_other(words, target, extra) < mine

    def negative_ok(self, sentence: str) -> bool:
        words = keys(sentence)
        if self.exact_in(words):
            return False
        bag = set(words)
        for e in self.entries:
            if len(set(e.keys) & bag) >= 0.5 * len(set(e.keys)) and (
                semiglobal(e.keys, words) <= 0.4 * len(e.keys)
            ):
                return False
        return True


def semiglobal(needle: list[str], hay: list[str]) -> int:
    """Fewest word edits turning `needle` into some stretch of `hay`."""
    prev = [0] * (len(hay) + 1)
    for i, a in enumerate(needle, 1):
        cur = [i] + [0] * len(hay)
        for j, b in enumerate(hay, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b))
        prev = cur
    return min(prev)


def levenshtein(a: list[str], b: list[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


# -- makers: every candidate variant of one entry for one kind of change -------------------
Maker = Callable[[Known, list[str], random.Random], list[Candidate]]


def substitutions(entry: Known, vocabulary: list[str], rng: random.Random) -> list[Candidate]:
    text = Text.parse(entry.text)
    found: list[Candidate] = []
    for i, tok in enumerate(text.toks):
        if tok.word.isupper() and len(tok.word) > 1:
            continue
        for alt in SWAPS.get(tok.key, ()):
            if not related(tok.key, alt):
                new = text.copy()
                new.toks[i].word = like(tok.word, alt)
                found.append(Candidate(new.render(), f"{tok.word} -> {new.toks[i].word}", 1))
    if found:
        return found
    for i, tok in enumerate(text.toks):
        if tok.key in FUNCTION or len(tok.key) < 4 or text.hyphened(i):
            continue
        for alt in rng.sample(vocabulary, 3):
            if not related(tok.key, alt):
                new = text.copy()
                new.toks[i].word = like(tok.word, alt)
                found.append(
                    Candidate(new.render(), f"{tok.word} -> {new.toks[i].word} (vocabulary)", 1)
                )
    return found


def insertions(entry: Known, vocabulary: list[str], rng: random.Random) -> list[Candidate]:
    text = Text.parse(entry.text)
    found: list[Candidate] = []
    n = len(text.toks)
    asides = set(gaps(text))
    inside = inside_heads([t.key for t in text.toks])
    for g in range(1, n):
        tok, before = text.toks[g], text.toks[g - 1]
        if g in inside or any(c in before.sep for c in "-/"):
            continue
        options: list[tuple[list[str], bool]] = []
        if is_verb(tok.key) and before.key not in ("a", "an", "the"):
            options += [([w], False) for w in INSERT_BEFORE_VERB]
            if before.key == "to":
                options.append((["continue", "to"], False))
        elif (
            before.key in ("the", "of", "and", "for", "to", "on", "with", "in")
            and tok.word.islower()
            and not tok.key.endswith("ed")
            and tok.key not in (*FUNCTION, "world", "each", "appropriate", "possible")
        ):
            options += [([w], False) for w in INSERT_BEFORE_NOUN]
        if g in asides:
            options += [(a.split(), True) for a in INSERT_ASIDE]
        for words, aside in options:
            if words[-1] == tok.key or words[0] == before.key:
                continue
            new = insert(text, g, words, aside)
            found.append(
                Candidate(new.render(), f"+ {' '.join(words)} before {tok.word!r}", len(words))
            )
    return found


def omissions(entry: Known, vocabulary: list[str], rng: random.Random) -> list[Candidate]:
    text = Text.parse(entry.text)
    found: list[Candidate] = []
    n = len(text.toks)
    fixed = inside_heads([t.key for t in text.toks])
    caps = [t.word[:1].isupper() for t in text.toks]
    for start in range(n):
        for size in (1, 2):
            end = start + size
            if end > n or any(text.hyphened(i) for i in range(start, end)):
                continue
            if start in fixed or end in fixed:
                continue  # a qualifier or head is dropped whole or not at all
            if (start and caps[start - 1] and caps[start]) or (
                end < n and caps[end - 1] and caps[end]
            ):
                continue  # nor half of a name: "the United | Nations"
            dropped = [t.key for t in text.toks[start:end]]
            if all(k in FUNCTION for k in dropped) or (size == 1 and len(dropped[0]) < 4):
                continue
            left = text.toks[start - 1].key if start else ""
            right = text.toks[end].key if end < n else ""
            if left in _NO_GAP_AFTER and (right in ("and", "or", "") or right in _NO_GAP_AFTER):
                continue  # "the and welfare": no drafter leaves that
            new = remove(text, start, end)
            words = " ".join(t.word for t in text.toks[start:end])
            found.append(Candidate(new.render(), f"- {words}", size))
    return found


def inflected(entry: Known, vocabulary: list[str], rng: random.Random) -> list[Candidate]:
    text = Text.parse(entry.text)
    found: list[Candidate] = []
    for i, tok in enumerate(text.toks):
        if text.hyphened(i):
            continue
        for form in inflections(tok.word):
            new = text.copy()
            new.toks[i].word = like(tok.word, form)
            found.append(Candidate(new.render(), f"{tok.word} -> {new.toks[i].word}", 1))
    return found


def moves(entry: Known, vocabulary: list[str], rng: random.Random) -> list[Candidate]:
    text = Text.parse(entry.text)
    n = len(text.toks)
    found: list[Candidate] = []
    for phrase in MOVABLE:
        words = phrase.split()
        for start in range(n - len(words) + 1):
            if [t.key for t in text.toks[start : start + len(words)]] != words:
                continue
            rest = remove(text, start, start + len(words))
            for g in gaps(rest):
                if abs(g - start) >= 2:
                    new = insert(rest, g, words, True)
                    found.append(Candidate(new.render(), f"{phrase!r} moved", 1))
    if found:
        return found
    places = gaps(text)
    phrase = rng.choice(MOVABLE)
    words = phrase.split()
    for home in places:
        canonical = insert(text, home, words, True).render()
        for g in places:
            if abs(g - home) >= 2:
                new = insert(text, g, words, True)
                slug = "-".join(words)
                found.append(
                    Candidate(
                        new.render(),
                        f"{phrase!r} moved (canonical ad hoc)",
                        1,
                        canonical,
                        f"adhoc-{entry.id}-{slug}-{home}",
                    )
                )
    return found


def heads(entry: Known, vocabulary: list[str], rng: random.Random) -> list[Candidate]:
    text = Text.parse(entry.text)
    found: list[Candidate] = []
    for head in sorted(HEADS, key=lambda h: -len(h.split())):
        words = head.split()
        if [t.key for t in text.toks[: len(words)]] != words:
            continue
        for alt in HEADS[head]:
            new = text.copy()
            alt_toks = [Tok(w, " ") for w in alt.split()]
            alt_toks[-1].sep = new.toks[len(words) - 1].sep
            alt_toks[0].word = like(text.toks[0].word, alt_toks[0].word)
            new.toks = alt_toks + new.toks[len(words) :]
            found.append(
                Candidate(new.render(), f"{head!r} -> {alt!r}", levenshtein(words, alt.split()))
            )
        break
    return found


MAKERS: dict[str, Maker] = {
    "substitution": substitutions,
    "insertion": insertions,
    "omission": omissions,
    "inflection": inflected,
    "moved": moves,
    "head": heads,
}


# -- exact uses with noise ------------------------------------------------------------------
SURFACE: tuple[tuple[Callable[[str], str], str], ...] = (
    (str.upper, "upper case"),
    (lambda t: t[:1].upper() + t[1:], "capital first"),
    (str.title, "title case"),
    (str.lower, "lower case"),
    (lambda t: f"“{t}”", "curly quotes"),
    (lambda t: f'"{t}"', "straight quotes"),
    (lambda t: f"‘{t}’", "single curly quotes"),
)
"""Noise over the whole passage: case and quotes."""


def noises(entry: Known, vocabulary: set[str], rng: random.Random) -> list[tuple[str, str]]:
    """Every noise at one place of an entry that applies: (noisy passage, what was done)."""
    text = entry.text
    found: list[tuple[str, str]] = []
    spaces = [m.start() for m in re.finditer(" ", text)]
    for at in rng.sample(spaces, min(2, len(spaces))):
        for brk in ("\n", "\r\n", "\n    "):
            found.append((text[:at] + brk + text[at + 1 :], f"line break {brk!r}"))
    ends = [m.end() for m in _WORD.finditer(text)][:-1]
    for at in rng.sample(ends, min(2, len(ends))):
        for mark in ("²", "³", "¹⁴", "[^3]", "[^12]"):
            found.append((text[:at] + mark + text[at:], f"footnote mark {mark!r}"))
    for m in re.finditer(r"(?<=\w)-(?=\w)", text):
        found.append((text[: m.start()] + " " + text[m.end() :], "hyphen lost (space)"))
        left = text[: m.start()].split()[-1]
        right = re.match(r"\w+", text[m.end() :])
        if right and key(left + right.group()) not in vocabulary:
            found.append((text[: m.start()] + text[m.end() :], "hyphen lost (run together)"))
    for m in re.finditer(r"(?<=[a-z]) (?=[a-z])", text):
        before, after = text[: m.start()].split()[-1], text[m.end() :].split()[0]
        if key(before) not in FUNCTION and key(after) not in FUNCTION:
            found.append((text[: m.start()] + "-" + text[m.end() :], "hyphen added"))
    for m in _WORD.finditer(text):
        word = m.group()
        if len(word) < 6:
            continue
        for cut in range(1, len(word)):
            if key(word[:cut]) not in vocabulary and key(word[cut:]) not in vocabulary:
                found.append(
                    (
                        text[: m.start() + cut] + " " + text[m.start() + cut :],
                        f"PDF split {word[:cut]!r} {word[cut:]!r}",
                    )
                )
    return found


NOISES = ("line break", "footnote mark", "hyphen lost", "hyphen added", "PDF split", "surface")
"""The kinds of noise, taken in turn so that each has its share of the exact uses."""


def noisy(
    entry: Known, want: str, vocabulary: set[str], rng: random.Random
) -> tuple[str, str] | None:
    """The entry with the wanted noise (a surface noise on top, sometimes), or None when
    that noise does not apply to it (no hyphen to lose)."""
    passage, notes = entry.text, []
    if want != "surface":
        options = [o for o in noises(entry, vocabulary, rng) if o[1].startswith(want)]
        if not options:
            return None
        passage, note = rng.choice(options)
        notes.append(note)
    if want == "surface" or rng.random() < 0.3:
        change, note = rng.choice(SURFACE)
        passage = change(passage)
        notes.append(note)
    return passage, "; ".join(notes)


# -- negatives from the UNFCCC corpus -------------------------------------------------------
def unfccc_sentences() -> list[tuple[str, str]]:
    """Sentences of the UNFCCC texts (Markdown emphasis and links removed), 10-60 words."""
    found: list[tuple[str, str]] = []
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("-----", 1)[-1]
        for para in re.split(r"\n\s*\n", body):
            para = " ".join(para.split())
            if not para or para[0] in "#|{-" or para.startswith(("* ", "[^", "[source")):
                continue
            para = re.sub(r"\[([^\]]*)\]\((?:[^)]*)\)", r"\1", para).replace("*", "")
            for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z(])", para):
                n = len(keys(sentence))
                if 10 <= n <= 60 and "http" not in sentence and ":" not in sentence[:3]:
                    found.append((sentence, path.name))
    return found


# -- the set ----------------------------------------------------------------------------
def carrier(rng: random.Random, passage: str) -> str:
    form = rng.choice(CARRIERS)
    return form.replace("{P}", passage[:1].upper() + passage[1:]).replace("{p}", passage)


def _touches_edge(entry: Known, cand: Candidate) -> bool:
    """Whether the change touches the first or last word of the formula."""
    canonical, variant = keys(cand.adhoc or entry.text), keys(cand.passage)
    return canonical[0] != variant[0] or canonical[-1] != variant[-1]


def build() -> list[dict[str, object]]:
    glossary = load_glossary()
    known = [Known(e.id, e.text, keys(e.text)) for e in glossary]
    judge = Judge(known)
    vocabulary = sorted({k for e in known for k in e.keys})
    content = [w for w in vocabulary if w not in FUNCTION and len(w) >= 4 and w.isalpha()]
    long = [e for e in known if len(e.keys) >= MIN_WORDS]
    items: list[dict[str, object]] = []

    for kind, maker in MAKERS.items():
        rng = random.Random(f"{SEED}-{kind}")
        order = list(long)
        rng.shuffle(order)
        made: list[dict[str, object]] = []
        seen: set[str] = set()
        for _round in range(12):
            for entry in order:
                candidates = maker(entry, content, rng)
                rng.shuffle(candidates)
                if kind == "moved":  # as many moves inside the formula as at its ends
                    inner = len(made) % 2 == 0
                    candidates = [c for c in candidates if _touches_edge(entry, c) != inner]
                for cand in candidates:
                    if cand.passage in seen or not judge.variant_ok(entry, cand):
                        continue
                    seen.add(cand.passage)
                    item: dict[str, object] = {
                        "id": f"{kind}-{len(made) + 1:03d}",
                        "kind": kind,
                        "entry": entry.id,
                        "entry_text": entry.text,
                    }
                    if cand.adhoc:
                        item |= {"adhoc_id": cand.adhoc_id, "adhoc_text": cand.adhoc}
                    item |= {
                        "passage": cand.passage,
                        "text": carrier(rng, cand.passage),
                        "edge": _touches_edge(entry, cand),
                        "note": cand.note,
                    }
                    made.append(item)
                    break
                if len(made) >= PER_KIND:
                    break
            if len(made) >= PER_KIND:
                break
        items += made

    rng = random.Random(f"{SEED}-exact")
    vocab_set = set(vocabulary)
    order = list(long)
    rng.shuffle(order)
    made = []
    turn = 0
    while len(made) < PER_KIND:
        want = NOISES[len(made) % len(NOISES)]
        for _ in range(len(order)):
            entry = order[turn % len(order)]
            turn += 1
            got = noisy(entry, want, vocab_set, rng)
            if got:
                break
        else:
            raise SystemExit(f"no entry takes the noise {want!r}")
        passage, note = got
        made.append(
            {
                "id": f"exact-{len(made) + 1:03d}",
                "kind": "exact",
                "entry": entry.id,
                "entry_text": entry.text,
                "passage": passage,
                "text": carrier(rng, passage),
                "note": note,
            }
        )
    items += made

    rng = random.Random(f"{SEED}-negative")
    negatives: list[tuple[str, str]] = [(s, "plain English") for s in PLAIN]
    negatives += [(s, "drug policy, no formula") for s in DRUG_POLICY]
    for sentence, _note in negatives:
        if not judge.negative_ok(sentence):
            raise SystemExit(f"a hand-written negative holds a formula: {sentence}")
    pool = unfccc_sentences()
    rng.shuffle(pool)
    taken = 0
    for sentence, name in pool:
        if taken == UNFCCC_NEGATIVES:
            break
        if judge.negative_ok(sentence):
            negatives.append((sentence, f"UNFCCC {name}"))
            taken += 1
    for n, (sentence, note) in enumerate(negatives, 1):
        items.append(
            {
                "id": f"negative-{n:03d}",
                "kind": "negative",
                "entry": "",
                "passage": sentence,
                "text": sentence,
                "note": note,
            }
        )
    return items


def main() -> None:
    items = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    meta = {"glossary": fingerprint(load_glossary()), "seed": SEED, "items": len(items)}
    META.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for item in items:
        counts[str(item["kind"])] = counts.get(str(item["kind"]), 0) + 1
    print(f"wrote {len(items)} items to {OUT.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()

"""Text normalisation for FAQ matching: cleaning, slang, synonyms, light stemming, typo folding."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "hiiiips" -> "hips": shouting, not spelling

# Multi-word rewrites applied to the cleaned text before splitting into words.
# They join ways of saying one thing so one entry phrasing covers them all.
_PHRASES: tuple[tuple[str, str], ...] = (
    # "How do I do hip dips?" asks about the side-plank exercise that shares the name.
    (
        r"how (to|do (i|you|u|we)|should (i|you)|can (i|you)) (do|perform) (the )?hip ?dip[sz]?",
        "how hip dip exercise side plank",
    ),
    (r"hip ?dip[sz]?|hipdip[sz]?|hips dip[sz]?", "hip dip"),
    (r"get(ting)? rid( of)?|go(es)? away|goes? away", "remove"),
    (r"what (makes|made|gives)|reasons? (for|why)|science (behind|of)|whats behind", "what cause"),
    (
        r"(get|gets|getting|got|become|becoming|became) (leaner|lean|slimmer|thinner|skinnier)",
        "leaner",
    ),
    (r"in ?dents?|in ?dentations?|dents?|divots?|hollows?|dimples?", "indent"),
    (r"noticeable|obvious|prominent|pronounced|apparent|visible|defined|standing out", "visible"),
    (r"glute med|glute meds", "glute medius"),
    (r"glute min|glute mins", "glute minimus"),
    (r"glute max", "glute maximus"),
    (r"how often|times (a|per|each) week|days (a|per|each) week|x (a|per) week", "frequency"),
    (r"every ?(single )?day|each day|daily", "frequency daily"),
    (r"how long|how many (weeks|months|days)|how fast|how quickly|how soon", "timeline"),
    (r"when (will|do|can|should|would) (i|you|we) (see|notice|get|start seeing)", "timeline"),
    (r"side ?plank", "side plank"),
    # Named exercises become one token so "walk" alone means walking, not band walks.
    (r"(band|banded|monster|crab|lateral|side|penguin) ?walks?|walks? with (a )?band", "bandwalk"),
    (r"farmers?s? ?(walks?|carry|carries)", "farmerwalk"),
    (r"leg ?days?|glute ?days?", "exercise"),
    (r"love ?handles?", "love handle"),
    (r"saddle ?bags?", "saddlebag"),
    (r"step ?ups?", "step up"),
    (r"it ?band|itb|iliotibial( band)?", "itband"),
    (r"fat (transfer|grafting|graft)", "fat graft"),
)
# One alternation, one pass: much faster than 25 separate substitutions per text. At any
# position the first listed phrase that matches wins, so order above is priority order.
_PHRASE_RE = re.compile(
    r"\b(?:" + "|".join(rf"(?P<p{i}>{pattern})" for i, (pattern, _) in enumerate(_PHRASES)) + r")\b"
)
_PHRASE_REPL = {f"p{i}": repl for i, (_, repl) in enumerate(_PHRASES)}


def _phrase(match: re.Match[str]) -> str:
    return _PHRASE_REPL[match.lastgroup or ""]


# Single-word slang, abbreviations and synonyms. Each line: "canonical words: variants".
# Kept as text so a coach can extend it without touching code structure.
_SYNONYMS = """
you: u
your: ur
are: r
why: y
what: wat wut wht
how: hw
about: abt
want: wanna
going: gonna
i: im
people: ppl
glute: gluteus glutes gluteal glutal butt booty bum buttocks backside bottom ass bootie
medius: med
exercise: workout workouts excercise excercises excersize excersizes exersize exersizes
exercise: exercize exercizes excersise excersises exersise exersises moves
remove: fix fixes fixing fixed rid eliminate erase removal disappear vanish banish
man: guy guys men male males mens boys masculine
woman: girl girls women female females ladies lady womens
trousers: pants pant trouser
clothing: clothes outfit outfits wear wearing dressing
surgery: surgical surgeon operation surgeries
lipo: liposuction
filler: injection injections injectable injectables
sculptra filler: sculptra
romanian deadlift: rdl rdls
bulgarian split squat: bss
anterior pelvic tilt: apt
body fat: bf
calorie: cals kcal kcals
pound: lbs lb
kilogram: kg kgs
physiotherapist: physio physios
doctor: doc gp
trainer: pt
instagram: insta ig
photo: pic pics pix picture pictures selfie selfies
belly: tummy stomach abdomen
curtsy: curtsey
clamshell: clams clam
abduction: abductor abductors abduct
dumbbell: dumbell dumbells db
kettlebell: kb kbs
hiit cardio: hiit
for: 4
to: 2
"""
_WORD_MAP: dict[str, tuple[str, ...]] = {
    variant: tuple(target.split())
    for line in _SYNONYMS.strip().splitlines()
    for target, variants in [line.split(":")]
    for variant in variants.split()
}


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text, as a set."""
    return frozenset(text.split())


# Words that carry no meaning for matching. Question words that *do* separate topics
# ("why" -> causes, "how" -> technique) are deliberately kept.
STOPWORDS = word_set(
    """
    a an the is are am was were be been being do does did doing i me my mine myself you your
    yours we our us it its this that these those to of in on at for with and or but so if then
    than can could should would will shall may might must have has had having just really very
    actually please pls plz any some there here about what which whom whose when where
    also too still even ever like go goes went gone lol lmao omg tbh ngl idk rn tho though
    bro dude bestie sis
    hey hi hello hii guys fam yall okay ok um uh thanks thank thx ty wait someone anyone
    they them their theirs he she him her his hers whats wats hows whos thats theres heres
    its ive id youre dont doesnt didnt isnt arent wasnt cant cannot wont wouldnt shouldnt
    make makes made making know thing things stuff lot lots way guess right properly
    correctly correct exactly anything something everything all every single good great
    much many tip tips advice after before during since as until till from by into onto
    while because more less most least literally basically honestly seriously totally kinda
    sorta maybe possibly
    """
)


# Everyday words that say little about the topic. Unlike stopwords they are kept, but they
# weigh little when judging whether a question is on topic, and an unseen one is not taken
# as a sign that the question is about something else ("give me exercises for hip dips").
SOFT_WORDS = word_set(
    """
    give gives gave take takes took tell told show shows want wants wanted need needs needed
    try tried trying use used using put keep kept let help helps helped find found think
    thought say said look looks looked looking seem seems work works worked working worth
    start started starting stop stopped come came see seen saw notice noticed happen happens
    big bigger small smaller new old real true ok fine nice same
    other others another kind type sort way ways people person everyone anybody somebody
    part parts bit little long short whole enough better well still already yet again
    soon now today later fast quick quickly asap dying day days vs versus
    ever never always sometimes often usually anymore legit recommend recommendation tip
    question questions answer answers guide info information explain idea ideas option
    options problem problems issue issues deal best top
    """
)


def clean(text: str) -> str:
    """Lower-case, strip accents, apostrophes, punctuation and emoji; squeeze shouted letters."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    text = _APOSTROPHES.sub("", text)
    text = _NON_ALNUM.sub(" ", text)
    text = _DIGIT_LETTER.sub(" ", text)
    text = _REPEATS.sub(r"\1", text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """Strip common English endings so 'lunges', 'lunging' and 'lunge' meet."""
    if word.isdigit():
        return word
    if len(word) == 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]  # "abs" -> "ab", "dbs" -> "db"
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ation") and len(word) > 7:
        word = word[:-3]  # "activation" -> "activat" meets "activate", "activated"
    elif word.endswith("ition") and len(word) > 7:
        word = word[:-5]  # "definition" -> "defin" meets "defined"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith(("e", "y")) and len(word) > 3:
        word = word[:-1]  # "pose"/"posing", "recovery"/"recover"
    return word


def surface_words(text: str) -> list[str]:
    """Cleaned words after phrase rewrites and slang mapping, stopwords removed (not stemmed)."""
    cleaned = _PHRASE_RE.sub(_phrase, clean(text))
    words: list[str] = []
    for raw in cleaned.split():
        if len(raw) > 3 and raw.endswith("z") and not raw.endswith("zz"):
            raw = raw[:-1] + "s"  # chat plurals: "dipz", "bandz"
        for word in _WORD_MAP.get(raw, (raw,)):
            if word not in STOPWORDS:
                words.append(word)
    return words


def bigrams(stems: list[str]) -> list[str]:
    """Adjacent stem pairs, which keep phrases like 'side plank' or 'love handle' together."""
    return [f"{a}_{b}" for a, b in itertools.pairwise(stems)]


class TypoFolder:
    """Maps unknown words to the closest known word, conservatively, with a cache."""

    def __init__(self, vocabulary: Iterable[str], protected: Iterable[str] = ()) -> None:
        self._known = frozenset(w for w in vocabulary if len(w) >= 3 and not w.isdigit())
        self._protected = frozenset(protected)  # real words (as stems): never "corrected"
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(self._known):
            self._by_initial.setdefault(word[0], []).append(word)
        self._cache: dict[str, str | None] = {}

    def fold(self, word: str) -> str | None:
        """Return the known word `word` most likely misspells, or None if nothing is close."""
        if word in self._known:
            return word
        if word in self._cache:
            return self._cache[word]
        if stem(word) in self._protected:
            return None
        found = self._search(word)
        if len(self._cache) < 50_000:  # bounded: user input is unbounded
            self._cache[word] = found
        return found

    def _search(self, word: str) -> str | None:
        # Short words are too easily "corrected" into other real words ("ruin" -> "run",
        # "chest" -> "crest", "flask" -> "flank"), so only longer words are folded.
        if len(word) < 6 or word.isdigit():
            return None
        # One slip (a wrong, missing, extra or swapped letter) for ordinary words, two for
        # long ones. Same first letter only: typos rarely hit it, and this keeps real words
        # such as "chips" or "lips" from being "corrected" into "hips".
        best = process.extractOne(
            word,
            self._by_initial.get(word[0], []),
            scorer=OSA.distance,
            score_cutoff=1 if len(word) < 9 else 2,
        )
        if best is not None:
            return str(best[0])
        # Run-together words ("sideplank", "lovehandles"): split into two known words of
        # four letters or more, so "managing" does not become "man aging".
        for cut in range(4, len(word) - 3):
            left, right = word[:cut], word[cut:]
            if left in self._known and right in self._known:
                return f"{left} {right}"
        return None

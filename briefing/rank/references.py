"""Definite noun phrases that refer back to something an earlier sentence of the
article introduced: "Russian troops have recaptured a town of strategic
significance. ... Russia's recapture of the town is being viewed as a tactical
victory." Quoted alone, the second sentence does not say which town.

Noun phrases are found without a parser: an article and the words after it up to
a function word, a verb or adverb that starts the clause, or punctuation. The
last word of an indefinite phrase is its head noun ("a strategic town" -> town).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..model import Sentence
from ..wordlists import word_set

NOUN_PHRASE_ENDERS = word_set("noun_phrase_enders")
"""Words that end a noun phrase: "a town of strategic significance" has the head "town"."""

CLAUSE_VERBS = word_set("clause_verbs")
"""Irregular past tenses, which end a noun phrase as "-ed" verbs do: "a fire broke out"."""

GENERIC_HEADS = word_set("generic_heads")
"""Nouns that "the" takes without pointing back to "a ...": "a year ago ... the year before"."""

SAME_THING = word_set("same_thing")
"""Modifiers of a definite noun phrase that only say it is the one named before."""

PHRASE = re.compile(r"\b(the|an?)\s+(?=((?:[\w’'.-]+ ){0,3}[\w’'.-]+))", re.I)
"""An article and the (up to four) words after it; only the article is consumed, so that
"the recapture of the town" yields both "the recapture" and "the town"."""

DEFINED_AFTER = re.compile(r"(,? (called|named|known as) [A-Z]|, [A-Z]| (in|at|on|near|from) [A-Z]|"
                           r" (of|for|that|which|who|whom|whose|where)\b)")
"""What follows a definite noun phrase that says which one it is: a name ("the town of
Vovchansk", "the town, Avdiivka,", "the fire in Goteborg"), or a complement or relative
clause ("the market for browsers", "the town that ..."). Matched at the end of the phrase
(``match(text, pos)``, which anchors it there)."""

POSSESSIVE = re.compile(r"['’]s$")


def _noun_phrase(words_after: str) -> list[str]:
    """The words of a noun phrase after its article, up to a function word, a verb or
    adverb that starts the clause ("the town recaptured by ...", "a fire broke out",
    "the gang allegedly ...") or punctuation."""
    phrase: list[str] = []
    for word in words_after.split():
        bare = word.rstrip(".,;:!?\"”’')")
        lower = bare.lower()
        if not bare or lower in NOUN_PHRASE_ENDERS or (phrase and (
                lower.endswith(("ed", "ing", "ly")) or lower in CLAUSE_VERBS)):
            break
        phrase.append(bare)
        if bare != word:
            break
    return phrase


@lru_cache(maxsize=4096)
def noun_phrases(text: str) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """``introduced_nouns(text)`` and ``definite_phrases(text)``, found in one pass over
    the sentence's noun phrases (each sentence is asked for both)."""
    heads = set()
    phrases = []
    for found in PHRASE.finditer(text):
        phrase = _noun_phrase(found.group(2))
        if not phrase:
            continue
        if found.group(1).lower() != "the":
            heads.add(phrase[-1].lower())
        elif phrase[0][0].islower() and not DEFINED_AFTER.match(text, found.start(2) + len(" ".join(phrase))):
            phrases.append(tuple(w for w in phrase if w not in SAME_THING))
    return frozenset(heads), tuple(phrases)


def introduced_nouns(text: str) -> frozenset[str]:
    """Head nouns of the indefinite noun phrases of a sentence: "a town of strategic
    significance" and "a strategic town" introduce "town"."""
    return noun_phrases(text)[0]


def definite_phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of each definite noun phrase that opens with a common noun or adjective
    and does not say which one it is: "the particular town recaptured" -> ("town",); not
    "the Kremlin", "the town of Vovchansk", "the town, Avdiivka," or "the market for browsers"."""
    return noun_phrases(text)[1]


def introduced_earlier(sentence: Sentence, earlier: Sequence[Sentence]) -> str | None:
    """Which earlier sentence introduced the thing a definite noun phrase of this one
    refers to ("... recaptured a town of strategic significance" -> "Russia's recapture
    of the town ..."), as the rejection's detail; None if there is none."""
    own = introduced_nouns(sentence.text)
    for phrase in definite_phrases(sentence.text):
        for word in phrase:
            noun = POSSESSIVE.sub("", word.lower())
            if noun in own or noun in GENERIC_HEADS:
                continue
            source = next((e for e in reversed(earlier) if noun in introduced_nouns(e.text)), None)
            if source is not None:
                return f"'the {' '.join(phrase)}' refers back to {source.article_id}#{source.index} ('a ... {noun}')"
    return None

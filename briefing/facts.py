"""Stage 7, facts: names, figures and dates that several sources mention.

No model is downloaded: names are runs of capitalised words that are not at
the start of a sentence, figures are numbers with the words they count, dates
are month or weekday expressions. Agreement is the filter: a fact must appear
in at least two sources (two sentences when there is one source), which keeps
precision high at the cost of recall, as a brief needs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from .model import Fact, Sentence, SentenceKey

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

NAME = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]\.)){0,3}")
FIGURE = re.compile(
    r"(?<![\w.])(?:\$|€|£)?\d[\d,]*(?:\.\d+)?(?:-point)?(?:\s?(?:%|percent|per cent|million|billion|thousand))?"
    r"\s+([a-z][a-z-]+)"
)
"""A number and the word after it: "4,200 members", "6 percent pay" (the counted noun)."""

COUNT_WORDS = frozenset(
    "on in at of to by for from and or but the a an was were is are be been has have had as with "
    "than that this which who when where while after before since up down over into per".split()
)
"""Words that follow a number without saying what it counts ("21 on Monday")."""
MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
DATE = re.compile(rf"\b(?:(?:{MONTHS})(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|(?:{MONTH_ABBREVIATIONS})\.\s+\d{{1,2}}"
                  rf"|(?:{WEEKDAYS}))\b")

NOT_NAMES = frozenset(
    f"{MONTHS}|{MONTH_ABBREVIATIONS}|{WEEKDAYS}".split("|")
    + "The A An In On At For But And Or As If While When However Despite According Although "
    "Following After Before During Since Meanwhile Moreover Additionally Both Each Other Some "
    "Several Key Experts Analysts Officials Observers Critics This That These Those It Its "
    "He She They We I You His Her Their Our Mr Mrs Ms Dr".split()
)
"""Capitalised words that are not names on their own."""

DEMONYM = re.compile(r"^[A-Z][a-z]+(ian|ean|ese|ern|ish|ic)$")
"""Single words like "Russian", "Western": adjectives, not names of actors."""

MIN_SOURCES = 2
"""A fact needs two sources (two sentences with one source): agreement is the
precision filter; on the example and the shared corpus every fact it lets through
is right, and single-source names are most of the junk ("State Marco Rubio")."""

MAX_FACTS = 12
"""The key-facts block holds about two lines of names on the page; the fit loop
drops facts last of all, so more would push developments off the page."""


Mention = tuple[str, str, int]
"""(kind, text, sentence index) of one name, figure or date in an article."""


def article_mentions(sentences: Sequence[Sentence]) -> tuple[Mention, ...]:
    """Every mention in one article's sentences: computed per article (and cached)."""
    return tuple((kind, text, s.index) for s in sentences for kind, text in mentions(s.text))


def find_facts(sentences_by_article: Sequence[Sequence[Sentence]]) -> tuple[Fact, ...]:
    """Names, figures and dates mentioned by at least MIN_SOURCES sources, most agreed first."""
    return facts_from_mentions([(s[0].article_id, article_mentions(s)) for s in sentences_by_article if s])


def facts_from_mentions(by_article: Sequence[tuple[str, Sequence[Mention]]]) -> tuple[Fact, ...]:
    """``find_facts`` on each article's precomputed ``article_mentions``."""
    flat: dict[tuple[str, str], list[SentenceKey]] = defaultdict(list)
    for article_id, found in by_article:
        for kind, text, index in found:
            flat[kind, text].append((article_id, index))
    single_source = len(by_article) == 1
    if not single_source:
        flat = dict(flat)
        drop_single_source_mentions(flat)
    seen: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for mention, keys in flat.items():
        for key in keys:
            seen[mention][key[0]].append(key)
    merge_title_forms(seen)
    facts = []
    for (kind, text), articles in seen.items():
        support = sum(len(v) for v in articles.values()) if single_source else len(articles)
        if support >= MIN_SOURCES:
            keys = tuple(k for v in articles.values() for k in v)
            facts.append(Fact(kind, text, tuple(articles), keys))
    names = [text for kind, text in seen if kind == "name"]
    facts = with_roles(drop_pairings(drop_contained_names(facts), set(names)), names)
    facts.sort(key=lambda f: (-len(f.sources), -len(f.sentences), f.kind, f.text))
    return tuple(facts[:MAX_FACTS])


def drop_pairings(facts: list[Fact], names: set[str]) -> list[Fact]:
    """"US-Russia" (talks) and "Franco-German" (ties) name a relation between names
    the sources mention on their own, not a third actor: a hyphenated name goes
    when one of its parts is itself a name mentioned ("Rolls-Royce" stays)."""
    return [f for f in facts
            if not (f.kind == "name" and "-" in f.text and any(part in names for part in f.text.split("-")))]


ROLE_HEADS = frozenset(
    "President Minister Secretary Chancellor Ambassador Envoy Governor Senator Mayor General Director "
    "Chairman Chairwoman Commissioner Judge King Queen Pope Prince Leader Spokesman Spokeswoman Chief "
    "Premier Speaker Representative Admiral Colonel Commander Prosecutor Attorney Justice Inspector Marshal "
    "Lieutenant Captain Sheriff Bishop Archbishop Cardinal Rabbi Imam".split()
)
"""Words that end a title written before a person's name ("Labour Minister",
"Secretary of State" ends at "Secretary ... State", see ``split_role``)."""


def split_role(name: str) -> tuple[str, str]:
    """"Labour Minister Ines Korvald" -> ("Labour Minister", "Ines Korvald"); ("", name)
    when the name does not open with a title or what follows is not a first and last name."""
    tokens = name.split(" ")
    last_head = max((i for i, t in enumerate(tokens[:-2]) if t in ROLE_HEADS), default=None)
    if last_head is None:
        return "", name
    person = tokens[last_head + 1:]
    if len(person) > 3 or any(t in NOT_NAMES or t in ROLE_HEADS for t in person):
        return "", name
    return " ".join(tokens[: last_head + 1]), " ".join(person)


def with_roles(facts: list[Fact], names: Sequence[str]) -> list[Fact]:
    """Names written with a title become actors: "President Vladimir Putin" and
    "Vladimir Putin" are one actor, Vladimir Putin (President), with the sources
    and sentences of both (``merge_title_forms`` has counted the titled mentions
    for the bare name). Only a title the sources write before the name counts:
    a wrong role is worse than none."""
    roles: dict[str, str] = {}
    for name in names:  # every name mentioned, also by one source only
        role, person = split_role(name)
        if role:
            roles.setdefault(person, role)
    merged: dict[str, Fact] = {}
    result: list[Fact] = []
    for fact in facts:
        if fact.kind != "name":
            result.append(fact)
            continue
        role, person = split_role(fact.text)
        person = person if role else fact.text
        if person not in roles:
            result.append(fact)
            continue
        earlier = merged.get(person)
        if earlier is None:
            merged[person] = Fact("actor", person, fact.sources, fact.sentences, roles[person])
        else:
            merged[person] = Fact("actor", person, tuple(dict.fromkeys(earlier.sources + fact.sources)),
                                  tuple(dict.fromkeys(earlier.sentences + fact.sentences)), roles[person])
    return result + list(merged.values())


def drop_single_source_mentions(flat: dict[tuple[str, str], list[SentenceKey]]) -> None:
    """Leave out, before the costly grouping, mentions that cannot become facts:
    fewer than MIN_SOURCES sources, counting those of their longer forms
    (``merge_title_forms``), and not a longer form of a mention that can."""
    sources = {mention: {key[0] for key in keys} for mention, keys in flat.items()}
    suffixes = {text: [s for s in word_suffixes(text) if " " in s and ("name", s) in flat]
                for kind, text in flat if kind == "name" and " " in text}
    for longer, shorter_forms in suffixes.items():
        for shorter in shorter_forms:
            sources["name", shorter] |= sources["name", longer]
    keep = {mention for mention, ids in sources.items() if len(ids) >= MIN_SOURCES}
    keep |= {("name", longer) for longer, forms in suffixes.items() if any(("name", s) in keep for s in forms)}
    for mention in list(flat):
        if mention not in keep:
            del flat[mention]


def mentions(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every name, figure and date in a sentence."""
    found: list[tuple[str, str]] = []
    for match in NAME.finditer(text):
        name = match.group(0)
        tokens = name.split()
        if match.start() == 0 or text[:match.start()].rstrip().endswith(("“", '"')):
            tokens = tokens[1:] if tokens[0] in NOT_NAMES or len(tokens) == 1 else tokens
        while tokens and tokens[0] in NOT_NAMES:
            tokens = tokens[1:]
        if len(tokens) == 1 and DEMONYM.match(tokens[0]):
            continue
        name = without_possessive(" ".join(tokens))
        if tokens and not (len(tokens) == 1 and match.start() == 0) and name not in NOT_NAMES:
            found.append(("name", name))
    found.extend(("figure", m.group(0)) for m in FIGURE.finditer(text) if m.group(1) not in COUNT_WORDS)
    found.extend(("date", m.group(0)) for m in DATE.finditer(text))
    return [(kind, t) for kind, t in found if t]


def merge_title_forms(seen: dict[tuple[str, str], dict[str, list]]) -> None:
    """Mentions of "President Vladimir Putin" also count for "Vladimir Putin":
    sources write a name with and without a title, and agreement is on the name."""
    multiword = {text for kind, text in seen if kind == "name" and " " in text}
    for longer in multiword:
        for shorter in word_suffixes(longer):
            if shorter in multiword:
                for article_id, keys in seen["name", longer].items():
                    seen["name", shorter][article_id].extend(keys)


def word_suffixes(name: str) -> list[str]:
    """"President Vladimir Putin" -> ["Vladimir Putin", "Putin"]."""
    words = name.split(" ")
    return [" ".join(words[i:]) for i in range(1, len(words))]


def without_possessive(name: str) -> str:
    return name.removesuffix("’s").removesuffix("'s")


def drop_contained_names(facts: list[Fact]) -> list[Fact]:
    """"Putin" goes when "Vladimir Putin" is kept with at least its support."""
    best_longer: dict[str, int] = {}  # name -> most sources of a longer name ending in it
    for fact in facts:
        if fact.kind == "name":
            for suffix in word_suffixes(fact.text):
                best_longer[suffix] = max(best_longer.get(suffix, 0), len(fact.sources))
    return [f for f in facts if f.kind != "name" or best_longer.get(f.text, 0) < len(f.sources)]

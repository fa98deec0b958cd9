"""Stage 7, facts: the people, figures, dated events and names the sources report.

No model is downloaded; each rule reads the words around a capitalised run or a number:

- people with their role: a title before the name ("Secretary of State Marco
  Rubio"), a role noun before it ("US envoy Steve Witkoff") or an appositive
  after it ("Kirill Dmitriev, a Russian foreign policy adviser,");
- figures with what they count ("118 crew", "28-point peace plan", "five hours
  of talks"), never a date, year, time of day or age;
- dated events ("Aug. 7 bombing"), never a bare weekday or month;
- names: runs of capitalised words, across particles ("Osama bin Laden") and
  institution names ("Army Corps of Engineers").

Agreement is the filter: a fact needs two sources (two sentences when there is
one source), or one source when it is a person with a role or a figure said in
one of the corpus's best-ranked sentences (``central``). Across sources,
spelling variants, "Aug. 12" and "August 12", "118 crew" and "118 sailors", and
"Putin" and "Vladimir Putin" are one fact. A name most sources share is the
topic, not a fact. The block shows the most informative first: people with
roles, figures, dated events, then names.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import overload

from .model import Fact, Sentence, SentenceKey
from .wordlists import month_numbers, ordered_words, word_set

MONTHS = ordered_words("months")
WEEKDAYS = word_set("weekdays")
MONTH_OF = {name: MONTHS[number - 1] for name, number in month_numbers().items()}
"""Month names and abbreviations -> the full month name ("Aug" -> "August")."""

NOT_NAMES = frozenset(MONTH_OF) | WEEKDAYS | word_set("not_names")
"""Capitalised words that are not names on their own: months, their abbreviations, weekdays
and the word list not_names."""
NOT_NAME_WORDS = NOT_NAMES - set(MONTHS)
"""Inside a person's name a month is a name ("Theresa May")."""

PARTICLES = word_set("name_particles")
"""Lower-case words inside names ("Osama bin Laden", "Dar es Salaam", "Ludwig van Beethoven")."""

DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ern|ish|ic|an|i)s?$|^[A-Z][a-z]+(?:ians|eans|ans|ese)$")
"""Single words like "Russian", "Western", "Palestinians": adjectives and peoples, not
actors. The "-an" and "-i" endings also hit names ("Jordan", "Delhi"): such a word
stays a name when another word is not it plus an ending (``is_demonym``)."""
SURE_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ern|ish|ians|eans|ic)$")

ROLE_HEADS = word_set("role_heads")
"""Words that end a title written before a person's name ("Labour Minister",
"Secretary of State" ends at "Secretary ... State", see ``split_title``)."""
PERSON_TITLES = word_set("person_titles")
"""Titles that name a person before a bare surname ("President Zelensky"); not
"General", "Chief", "Premier" or "Speaker" ("General Motors", "Premier League")."""

ROLE_NOUNS = word_set("role_nouns")
"""Lower-case nouns that say what a person is ("US envoy Steve Witkoff")."""
ROLE_MODIFIERS = word_set("role_modifiers")
"""Lower-case words that may stand before a role noun in a role ("foreign policy adviser")."""
MAX_ROLE_WORDS = 6
"""A role longer than this is a clause, not a title (the longest right one read on the
shared corpus and DUC 2006 dev is "Russia's Deputy Foreign Minister", four words)."""

INSTITUTION_HEADS = word_set("institution_heads")
"""Words that head an institution's name, the one before "of" in "Army Corps of
Engineers" or "Ministry of Defence": a name goes on across "of" after them."""
ORGANISATION_WORDS = INSTITUTION_HEADS - word_set("non_organisation_heads")
"""A name with one of these words is an organisation ("Environmental Protection Agency")."""

OPENERS = frozenset("“ \" ‘ ' : — – - ( [".split())
"""After these a capitalised word may open a sentence of its own (a quote, a colon)."""
BOUNDARY = frozenset(", . ; : ) — –".split())
"""What ends an appositive ("Kirill Dmitriev, a Russian foreign policy adviser, said")."""

NUMBER_WORDS = ({w: i for i, w in enumerate(ordered_words("numbers"))}
                | {w: 10 * (i + 2) for i, w in enumerate(ordered_words("tens"))})
"""Numbers written as words; "one" is left out below (``figure_at``): "one of the",
"one year", "no one" were every "one" figure read on DUC 2006 dev."""
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
CURRENCIES = frozenset("$ € £".split())

NOT_COUNTED = word_set("not_counted")
"""Words after a number that do not say what it counts ("21 on Monday", "three times")."""
LY_NOUNS = word_set("ly_nouns")
TIME_UNITS = word_set("time_units")
"""A bare duration ("10 years", "two weeks") says nothing on its own: it is a
figure only with what it measures ("five hours of talks", "five-hour meeting")."""
AGE_UNITS = ("year-old", "years-old", "month-old")
PEOPLE_NOUNS = word_set("people_nouns")
"""Nouns that count people: "118 crew" and "118 sailors" are one figure, "11 people"
and "11 percent" are not."""
ANAPHORIC = word_set("anaphoric")
""""the two countries", "both sides": a small number after these refers back, it counts nothing new."""

EVENT_NOUNS = word_set("event_nouns")
"""Nouns that make a date an event ("Aug. 7 bombing", "the invasion on February 24, 2022")."""

MIN_SOURCES = 2
"""A fact needs two sources (two sentences with one source): agreement is the
precision filter; on the example and the shared corpus every fact it lets through
is right, and single-source names are most of the junk ("State Marco Rubio")."""

TOPIC_SHARE = 0.5
TOPIC_SHARE_LONGER = 0.75
TOPIC_MIN_SOURCES = 3
"""A name (not a person with a role, not an organisation) that more than half of the
sources mention is the topic ("Ukraine", "Russia", "China"), not a fact; a name of
two or more words, more specific, when more than three quarters do ("West Bank" 24
of 24, "Port Almery" 4 of 5). Read on the shared corpus, the bundled example and
DUC 2006 dev: every one-word name above half was the story's country, city or
people; longer names between half and three quarters were parties and places of
the story ("Halden Terminals" 3 of 5, "Gaza Strip" 16 of 24); organisations above
half were parties ("Food and Drug Administration", 13 of 25) and always stay. With
fewer than three sources every agreed name is "most", so the rule waits for three."""

MAX_FACTS = 12
"""The key-facts block holds about two lines of names on the page; the fit loop
drops facts last of all, so more would push developments off the page."""

TIERS = ("actor", "figure", "date", "name", "count")
"""The order of the block: people with roles, specific figures, dated events,
organisations and names (one tier: on DUC 2006 dev D0605E the drugs "Vioxx" and
"Celebrex", named by 11 and 10 of 25 sources, say more than the "Boston University"
of 3), then small counts and bare percentages or sums ("three officers", "50
percent": see ``Figure.specific``)."""
MAX_FIGURES = 5
"""Figures beyond five push every name off the block: on DUC 2006 dev, clusters
about statistics (D0601A, D0611B) had a dozen agreed figures and no names left."""


Mention = tuple[str, str, int, str]
"""(kind, text, sentence index, detail) of one mention in an article: kind is
"actor", "name", "figure" or "date"; detail is an actor's role as the source
writes it, what makes a figure or date the same fact as another (``Figure.key``,
``date_key``: computed here, per article, so that grouping thousands of articles
reads no text), and "" for a name."""

Found = tuple[str, str, str]
"""(kind, text, detail) of one mention in a sentence."""

TOKEN = re.compile(r"[$€£]?\d+(?:[.,]\d+)*(?:st|nd|rd|th)?(?:-[^\W\d_]+)*|[^\W\d_][\w’']*(?:-[\w’']+)*|\S")
"""Numbers ("$2.5", "28-point", "12th"), words ("son-in-law", "al-Baghdadi",
"Russia’s") and single other characters."""


def article_mentions(sentences: Sequence[Sentence]) -> tuple[Mention, ...]:
    """Every mention in one article's sentences: computed per article (and cached).
    A capitalised word opening a sentence counts as a name when the article also
    writes it alone, capitalised, inside a sentence ("Zelensky emphasized" after "met
    Zelensky"; not "Wetlands in the Pinelands" after "Wetlands International")."""
    tokenised = [(s.index, s.text, tokenise(s.text)) for s in sentences]
    runs = [name_runs(words) for _, _, (words, _) in tokenised]
    known = frozenset(words[start] for (_, _, (words, _)), spans in zip(tokenised, runs, strict=True)
                      for start, end in spans if end - start == 1 and start and words[start - 1] not in OPENERS)
    return tuple((kind, text, index, detail) for (index, text, tokens), spans in zip(tokenised, runs, strict=True)
                 for kind, text, detail in sentence_mentions(text, tokens, known, spans))


def mentions(text: str, known: Collection[str] = ()) -> list[Found]:
    """(kind, text, detail) of every mention in one sentence (see ``Mention``); ``known``:
    words the article writes alone and capitalised inside sentences."""
    return sentence_mentions(text, tokenise(text), known)


Tokens = tuple[list[str], Sequence[tuple[int, int]]]


def tokenise(text: str) -> Tokens:
    """The sentence's tokens and their character spans (found when first asked for)."""
    words = TOKEN.findall(text)
    return words, Spans(text, words)


class Spans(Sequence[tuple[int, int]]):
    """The character spans of a sentence's tokens, found on first use: most sentences
    have no mention that needs them. Tokens cover every character that is not
    whitespace (``TOKEN`` ends with ``\\S``), so each one starts at the first place
    its text occurs after the one before it."""

    __slots__ = ("_found", "text", "words")

    def __init__(self, text: str, words: list[str]) -> None:
        self.text, self.words = text, words
        self._found: list[tuple[int, int]] | None = None

    def _spans(self) -> list[tuple[int, int]]:
        if self._found is None:
            found, end, find = [], 0, self.text.find
            for word in self.words:
                start = find(word, end)
                end = start + len(word)
                found.append((start, end))
            self._found = found
        return self._found

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, int]]: ...

    def __getitem__(self, i: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        return self._spans()[i]

    def __len__(self) -> int:
        return len(self.words)


def sentence_mentions(text: str, tokens: Tokens, known: Collection[str],
                      runs: Sequence[tuple[int, int]] | None = None) -> list[Found]:
    """``mentions``, given the sentence's tokens and, if found already, its ``name_runs``."""
    words, _ = tokens
    runs = name_runs(words) if runs is None else runs
    found = [m for start, end in runs for m in run_mentions(text, tokens, start, end, known)]
    found.extend(("figure", f, key) for f, key in figures(text, tokens))
    found.extend(("date", d, date_key(d)) for d in dated_events(words))
    return found


# --- names and roles ---------------------------------------------------------------------------


def is_capitalised(word: str) -> bool:
    """"Putin", "McDonald", "US", "NATO" (acronyms of two to five letters); not "I", "COX-2"."""
    if not word[:1].isupper():
        return False
    return any(map(str.islower, word)) or (word.isalpha() and 2 <= len(word) <= 5)


def is_particle_name(word: str) -> bool:
    """"al-Baghdadi", "el-Sisi": a particle joined to a capitalised name."""
    head, _, rest = word.partition("-")
    return head in PARTICLES and rest[:1].isupper()


NAME_POSSESSIVES = frozenset(f"{w}{q}" for w in ("People", "Children", "Women", "Men") for q in ("'s", "’s"))
"""Possessives inside names ("People's Liberation Army", "Children's Hospital")."""


def is_possessive(word: str) -> bool:
    return word.endswith(("’s", "'s", "s’", "s'"))


def ends_name(word: str) -> bool:
    """A singular possessive ends a name ("Russia's Deputy Foreign Minister" is two); a
    plural one is inside it ("Almery Dockworkers' Union"), as are "People's", "Children's"."""
    return word.endswith(("’s", "'s")) and word not in NAME_POSSESSIVES


def without_possessive(name: str) -> str:
    for ending in ("’s", "'s"):
        if name.endswith(ending):
            return name[: -len(ending)]
    return name.rstrip("’'") if name.endswith(("s’", "s'")) else name


CONTRACTION = re.compile(r"['’](?:m|re|ve|ll|d|t)$")  # compiled once: asked of every word of every name


def is_contraction(word: str) -> bool:
    """"I'm", "We're", "Don't": a pronoun or verb, not a name ("O'Brien" is one)."""
    return CONTRACTION.search(word) is not None


def breaks_name(words: Sequence[str], i: int) -> bool:
    """A weekday, or a month before a number, is no part of a name ("the Kremlin Tuesday")."""
    word = words[i]
    if word in WEEKDAYS:
        return True
    return word in MONTH_OF and i + 1 < len(words) and (words[i + 1][:1].isdigit() or words[i + 1] == ".")


def is_name_word(words: Sequence[str], i: int) -> bool:
    word = words[i]
    if word[:1].isupper():
        return is_capitalised(word) and not breaks_name(words, i)
    return "-" in word and is_particle_name(word)


def name_runs(words: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) token spans of the capitalised runs of a sentence."""
    spans = []
    end = 0
    for i, word in enumerate(words):
        # is_name_word, first its quick test: most words are neither capitalised nor hyphenated
        if i >= end and (word[:1].isupper() or "-" in word) and is_name_word(words, i) \
                and not (i and words[i - 1] == "&"):  # not an entity: "&QL;"
            end = run_end(words, i)
            spans.append((i, end))
    return spans


def run_end(words: Sequence[str], start: int) -> int:
    end = start + 1
    while end < len(words) and not ends_name(words[end - 1]):
        going_on = continuation(words, start, end)
        if going_on == end:
            break
        end = going_on
    return end


def continuation(words: Sequence[str], start: int, at: int) -> int:
    """Where a name that runs from ``start`` goes on to from ``at`` (``at`` when it ends there):
    the next capitalised word; across particles ("Dar es Salaam"); across "of" after an
    institution's head ("Ministry of Defence", "National Center for Science Education"); across an initial ("George W. Bush");
    across "and" in "the Food and Drug Administration"."""
    word, n = words[at], len(words)
    if is_name_word(words, at):
        return at + 1
    after = at
    while after < n and after - at < 2 and words[after] in PARTICLES:
        after += 1
    if after > at and after < n and is_name_word(words, after):
        return after + 1
    if word in ("of", "for") and words[at - 1] in INSTITUTION_HEADS and at + 1 < n and is_name_word(words, at + 1):
        return at + 2
    if len(word) == 1 and word.isupper() and at + 2 < n and words[at + 1] == "." and is_name_word(words, at + 2):
        return at + 3
    after_the = (at - start == 1 and start and words[start - 1] == "the") or (at - start == 2 and words[start] == "The")
    if word == "and" and after_the and at + 1 < n and is_name_word(words, at + 1):
        end = run_end(words, at + 1)
        if end - at > 2 and words[end - 1] in ORGANISATION_WORDS:
            return end
    return at


def run_mentions(text: str, tokens: Tokens, start: int, end: int, known: Collection[str]) -> list[Found]:
    """The name, or the person and role, of one capitalised run ([] when it is none)."""
    words, spans = tokens
    opening = start == 0 or words[start - 1] in OPENERS
    first = start
    while first < end and words[first] in NOT_NAMES:
        first += 1
    if first == start and opening and end - start == 1 and words[start] not in known:
        return []
    run = with_initials(words[first:end])
    if not run or any(is_contraction(w) for w in run) or not is_name(run):
        return []
    run[-1] = without_possessive(run[-1])
    role, person = split_title(run)
    if person is None:
        return []  # a title with no name ("Prime Minister", "Secretary of State")
    if role:
        if len(person) == 1:
            return [("name", " ".join(run), "")]  # "President Zelensky": a person if "Zelensky" is a name too
        return [("actor", " ".join(person), possessor(text, tokens, first) + " ".join(role))]
    if could_be_person(run):
        role_text = role_before(text, tokens, first) or role_after(text, tokens, end)
        if role_text:
            return [("actor", " ".join(run), role_text)]
    return [("name", " ".join(run), "")]


def with_initials(words: Sequence[str]) -> list[str]:
    """The words of a run with each initial and its full stop as one word ("K.")."""
    merged: list[str] = []
    for word in words:
        if word == "." and merged and len(merged[-1]) == 1:
            merged[-1] += "."
        else:
            merged.append(word)
    return merged


def is_name(run: Sequence[str]) -> bool:
    """Not a dateline in capitals ("PINE RIDGE"), a demonym, or a short word that is no acronym."""
    if len(run) > 1 and all(w.isupper() for w in run):
        return False
    if len(run) == 1:
        word = without_possessive(run[0])
        return len(word) > 1 and not SURE_DEMONYM.match(word) and (len(word) > 2 or word.isupper()) \
            and word not in NOT_NAMES
    return True


def split_title(run: Sequence[str]) -> tuple[list[str], list[str] | None]:
    """"Labour Minister Ines Korvald" -> (["Labour", "Minister"], ["Ines", "Korvald"]);
    "Secretary of State Marco Rubio" -> (["Secretary", "of", "State"], ["Marco", "Rubio"]);
    ([], run) when the run holds no title or what follows it is not a person's name;
    ([], None) when it is a title alone ("Prime Minister", "Secretary of State")."""
    heads = [i for i, w in enumerate(run) if is_title_word(w)]
    if not heads:
        return [], list(run)
    role, rest = list(run[: heads[-1] + 1]), list(run[heads[-1] + 1:])
    if rest[:1] == ["of"]:
        portfolio = rest[1:]
        if len(portfolio) <= 1:
            return [], None
        person = min(person_length(portfolio), len(portfolio) - 1)
        role, rest = role + ["of"] + portfolio[:-person], portfolio[-person:]
    if not rest:
        return [], None
    if not is_person_name(rest):
        return [], list(run)
    return role, rest


def person_length(words: Sequence[str]) -> int:
    """How many of the last words are a person's name: two ("Marco Rubio"), three with an
    initial or particle ("Madeleine K. Albright", "Osama bin Laden")."""
    if len(words) >= 3 and (is_initial(words[-2]) or words[-2] in PARTICLES or words[-1] in NAME_SUFFIXES):
        return 3
    return 2


NAME_SUFFIXES = word_set("name_suffixes")


def is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def is_person_name(words: Sequence[str]) -> bool:
    """One to three names (initials, particles and "Jr" not counted), none a title, an
    institution or a word that is no name."""
    core = [w for w in words if not (is_initial(w) or w in PARTICLES or w in NAME_SUFFIXES)]
    return 1 <= len(core) <= 3 and words[0] not in PARTICLES and not any(
        w in NOT_NAME_WORDS or is_title_word(w) or w in INSTITUTION_HEADS for w in core)


def is_title_word(word: str) -> bool:
    return word in ROLE_HEADS or word.rstrip(".") in ROLE_HEADS


def could_be_person(run: Sequence[str]) -> bool:
    """Two to four words, none an institution's or a title's: "Steve Witkoff", not
    "Foreign Ministry" or "Kremlin" (a role noun before a one-word name is too often
    a misreading: "told the envoy Ukraine would ...")."""
    words = [w for w in run if w not in PARTICLES]
    return 2 <= len(words) <= 4 and not any(w in INSTITUTION_HEADS or is_title_word(w) or w.isupper()
                                            for w in words)


def possessor(text: str, tokens: Tokens, start: int) -> str:
    """"Russia’s " when the run at ``start`` follows a possessive name ("Russia’s Deputy Foreign Minister")."""
    words, spans = tokens
    if not start or not is_possessive(words[start - 1]) or not is_capitalised(words[start - 1]):
        return ""
    first = start - 1
    while first and is_capitalised(words[first - 1]) and words[first - 1] not in NOT_NAMES \
            and not is_possessive(words[first - 1]):
        first -= 1
    while words[first] in NOT_NAMES and first < start - 1:
        first += 1
    return text[spans[first][0]:spans[start - 1][1]] + " "


def is_role_modifier(word: str) -> bool:
    return word in ROLE_MODIFIERS or (is_capitalised(word) and word not in NOT_NAMES)


def role_before(text: str, tokens: Tokens, start: int) -> str:
    """"US envoy" in "US envoy Steve Witkoff"; "President Donald Trump's son-in-law" in
    "President Donald Trump's son-in-law, Jared Kushner." (after a comma only with an
    owner, and when the name ends the clause: "After meeting the envoy, Vladimir Putin
    said" gives no role)."""
    words, spans = tokens
    noun = start - 1
    appositive = noun > 0 and words[noun] == ","
    if appositive:
        noun -= 1
        after = run_end(words, start)
        if after < len(words) and words[after] not in BOUNDARY:
            return ""
    if noun < 0 or words[noun] not in ROLE_NOUNS:
        return ""
    first = noun
    while first and noun - first + 1 < MAX_ROLE_WORDS and is_role_modifier(words[first - 1]):
        first -= 1
    if first == noun or (appositive and not any(is_possessive(w) for w in words[first:noun])):
        return ""  # a bare "director" says too little: of what?
    return text[spans[first][0]:spans[noun][1]]


def role_after(text: str, tokens: Tokens, end: int) -> str:
    """"Russian foreign policy adviser" in "Kirill Dmitriev, a Russian foreign policy
    adviser, said": a role noun ends the appositive, and a boundary follows it ("of
    Russia" may come between)."""
    words, spans = tokens
    if end + 1 >= len(words) or words[end] != ",":
        return ""
    first = end + 2 if words[end + 1] in ("a", "an", "the") else end + 1
    last = first
    while last < len(words) and last - first < MAX_ROLE_WORDS and (is_role_modifier(words[last])
                                                                    or words[last] in ROLE_NOUNS):
        last += 1
    while last > first and words[last - 1] not in ROLE_NOUNS:
        last -= 1
    closing = last
    if last == first or (closing - first < 2 and not (closing < len(words) and words[closing] == "of")):
        return ""  # no role noun; or a bare "spokesman", which says too little: of whom?
    if closing + 1 < len(words) and words[closing] == "of" and is_capitalised(words[closing + 1]):
        closing = run_end(words, closing + 1)
    if closing < len(words) and words[closing] not in BOUNDARY:
        return ""
    return text[spans[first][0]:spans[closing - 1][1]]


# --- figures -----------------------------------------------------------------------------------


def figures(text: str, tokens: Tokens) -> list[tuple[str, str]]:
    """Every figure with what it counts, as the sentence writes it, and its ``Figure.key``."""
    words, spans = tokens
    found = []
    match = NUMBER_START.match
    for i in [i for i, word in enumerate(words) if word[0] not in NEVER_NUMBER_START and match(word)]:
        figure = figure_at(words, i)
        if figure:
            found.append((text[spans[i][0]:spans[figure.end - 1][1]], figure.key))
    return found


@dataclass(frozen=True)
class Figure:
    """A number and what it counts, read from the tokens of a sentence."""

    end: int  # the token after it
    value: float  # times its scale ("2.5 billion" -> 2.5e9)
    currency: str  # "$", "€", "£" or ""
    unit: str  # of a hyphenated number: "point" in "28-point", "hour" in "five-hour"
    percent: bool
    head: str  # the counted noun, singular ("crew", "plan"); "" when none
    measured: bool  # "of ..." or "in ..." says what the head measures ("five hours of talks")

    @property
    def key(self) -> str:
        """Same value, unit and family of the counted noun: "118 crew" and "118 sailors"
        are one figure (both count people), "11 people" and "11 percent" two."""
        family = "people" if self.head in PEOPLE_NOUNS else self.head
        return f"{self.currency}{self.value:g}|{self.unit}|{'%' if self.percent else ''}|{family}"

    @property
    def specific(self) -> bool:
        """Says what it counts, and is not a small count that any two stories share
        ("three officers", "two company studies": read on DUC 2006 dev, sources that
        agreed on such figures were mostly counting different things)."""
        if not self.head:
            return False
        return self.value >= SPECIFIC_VALUE or bool(self.unit) or self.measured or self.percent \
            or bool(self.currency)


SPECIFIC_VALUE = 10
"""Counts from ten up are specific enough to agree on ("40 towns", "118 crew"); see ``Figure.specific``."""


def figure_at(words: Sequence[str], i: int) -> Figure | None:
    """The figure that starts at token ``i``: a number, its scale ("billion"), unit
    ("percent") and the noun phrase it counts, with "of ..." or, for money, "in ..."
    after it ("five hours of talks", "$2.5 billion in aid"); None when it is none."""
    parsed = number_of(words[i])
    if parsed is None or is_date_or_time(words, i) or (i and words[i - 1] == "-"):
        return None
    value, unit = parsed
    if value <= 3 and i and words[i - 1].lower() in ANAPHORIC:
        return None
    at = i + 1
    if at < len(words) and words[at].lower() in SCALES:
        value *= SCALES[words[at].lower()]
        at += 1
    percent = at < len(words) and words[at] in ("percent", "%")
    if percent:
        at += 1
    elif at + 1 < len(words) and words[at] == "per" and words[at + 1] == "cent":
        percent, at = True, at + 2
    currency = words[i][:1] if words[i][:1] in CURRENCIES else ""
    nouns_end = noun_phrase(words, at)
    if nouns_end < len(words) and words[nouns_end] in ("ago", "old"):
        return None
    if shared_head(words, at, nouns_end):
        return None
    end, head = measure(words, nouns_end, bool(currency or percent))
    if nouns_end > at:
        head = singular(words[nouns_end - 1])
    if not head and (unit or not (percent or currency)):
        return None
    measured = end > nouns_end
    if not unit and head in TIME_UNITS and not measured:
        return None
    return Figure(end, value, currency, unit, percent, head, measured)


def shared_head(words: Sequence[str], at: int, end: int) -> bool:
    """"1,000 high school and college seniors": the phrase ends in a singular word and
    another follows "and", so what is counted comes later and is not the phrase."""
    return at < end < len(words) - 1 and words[end] in ("and", "or") and not is_plural(words[end - 1]) \
        and is_counted_noun(words[end + 1])


def measure(words: Sequence[str], at: int, amount: bool) -> tuple[int, str]:
    """(end, head) of what a figure measures after it: "of talks" after "five hours";
    for a percentage or money, also "of American Indians" and "in aid"."""
    if at + 1 >= len(words) or not (words[at] == "of" or (amount and words[at] == "in")):
        return at, ""
    end = noun_phrase(words, at + 1)
    if end == at + 1 and amount and words[at] == "of" and is_name_word(words, at + 1):
        end = run_end(words, at + 1)
    return (end, singular(words[end - 1])) if end > at + 1 else (at, "")


def number_of(word: str) -> tuple[float, str] | None:
    """(value, unit) of a number token: "28-point" -> (28, "point"), "$2.5" -> (2.5, ""),
    "five-hour" -> (5, "hour"), "twenty-one" -> (21, ""); None when it is no count
    (an ordinal, "one", a word)."""
    head, _, unit = word.lstrip("$€£").partition("-")
    if unit[:1].isupper():
        return None  # "7-Eleven"
    head, unit = head.lower(), unit.lower()
    if head[:1].isdigit():
        if head.endswith(("st", "nd", "rd", "th")) or not NUMBER.fullmatch(head):
            return None
        return float(head.replace(",", "")), unit
    if head not in NUMBER_WORDS or head == "one":
        return None
    value = NUMBER_WORDS[head]
    ones, _, rest = unit.partition("-")
    if value >= 20 and ones in NUMBER_WORDS:
        return value + NUMBER_WORDS[ones], rest
    return value, unit


NUMBER_START = re.compile(r"[$€£\d]|(?:" + "|".join(NUMBER_WORDS) + r")(?:-|$)", re.IGNORECASE)
"""What a token that may be a number starts with (a quick test before ``number_of``)."""
NEVER_NUMBER_START = frozenset(string.ascii_letters + string.punctuation) - set("$") - {
    c for word in NUMBER_WORDS for c in (word[0].lower(), word[0].upper())}
"""First characters with which NUMBER_START cannot match (it matches ASCII letters only
as themselves, in either case). Tested first, it spares the regular expression most
tokens: ``figures`` of DUC 2006's 35,000 sentences took 0.42 s instead of 0.74 s."""
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
YEAR = re.compile(r"(?:1[89]|20)\d\d")


def is_date_or_time(words: Sequence[str], i: int) -> bool:
    """"Aug. 7", "7 August", "2014", "10:30", "3 p.m.", "54-year-old"."""
    word = words[i]
    before = words[i - 1] if i else ""
    if before in MONTH_OF or (before == "." and i > 1 and words[i - 2] in MONTH_OF):
        return True
    if i + 1 < len(words) and (words[i + 1] in MONTH_OF or words[i + 1] == ":"):
        return True
    if i + 2 < len(words) and words[i + 1].lower() in ("a", "p") and words[i + 2] == ".":
        return True
    if YEAR.fullmatch(word) and before not in CURRENCIES:
        return True
    return word.lower().endswith(AGE_UNITS)


def is_counted_noun(word: str) -> bool:
    """A lower-case word that can say what a number counts: not a function word, a
    past tense or participle ("killed", "died") or an adverb ("reportedly")."""
    if not word[:1].islower() or not word.replace("-", "").isalpha() or word in NOT_COUNTED:
        return False
    if len(word) > 3 and word.endswith("ed") and not word.endswith("eed"):
        return False
    return not (word.endswith("ly") and word not in LY_NOUNS)


def is_plural(word: str) -> bool:
    return (word.endswith("s") and not word.endswith(("ss", "us", "is"))) or word in IRREGULAR_PLURALS


IRREGULAR_PLURALS = {"people": "person", "men": "man", "women": "woman", "children": "child", "police": "police"}


def noun_phrase(words: Sequence[str], at: int) -> int:
    """The end of up to three nouns (or adjectives) from ``at``, ending after a plural;
    a capitalised word may stand before a noun ("five-hour Kremlin meeting")."""
    end = at
    while end < len(words) and end - at < 3:
        word = words[end]
        if is_counted_noun(word):
            end += 1
            if is_plural(word):
                break
        elif is_capitalised(word) and end + 1 < len(words) and is_counted_noun(words[end + 1]) \
                and word not in NOT_NAMES:
            end += 1
        else:
            break
    while end > at and not is_counted_noun(words[end - 1]):
        end -= 1
    if end - at > 1 and words[end - 1].endswith("ing") and not is_plural(words[end - 2]) \
            and is_counted_noun(words[end - 2]):
        end -= 1  # "$10 million project involving": a verb after the noun
    return end


def singular(word: str) -> str:
    word = word.lower()
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if is_plural(word):
        return word[:-1]
    return word


# --- dated events ------------------------------------------------------------------------------


def dated_events(words: Sequence[str]) -> list[str]:
    """"August 7 bombing" for "the Aug. 7 bombing" and "invasion on February 24, 2022":
    a date is a fact only with the event it dates (a bare weekday or date says nothing
    the timeline does not)."""
    found = []
    for i, word in enumerate(words):
        if word not in MONTH_OF:
            continue
        at = i + 2 if i + 1 < len(words) and words[i + 1] == "." else i + 1
        if at >= len(words) or not re.fullmatch(r"[0-3]?\d", words[at]) or not 1 <= int(words[at]) <= 31:
            continue
        date, after = f"{MONTH_OF[word]} {int(words[at])}", at + 1
        if after + 1 < len(words) and words[after] == "," and YEAR.fullmatch(words[after + 1]):
            date, after = f"{date}, {words[after + 1]}", after + 2
        event = event_noun(words[after]) if after < len(words) else ""
        if not event and i >= 2 and words[i - 1] in ("on", "of"):
            event = event_noun(words[i - 2])
        if event:
            found.append(f"{date} {event}")
    return found


def event_noun(word: str) -> str:
    """"bombing" for "bombing" or "bombings" ("talks" stays); "" when it names no event."""
    word = word.lower()
    if word in EVENT_NOUNS:
        return word
    return word[:-1] if word.endswith("s") and word[:-1] in EVENT_NOUNS else ""


# --- across the corpus -------------------------------------------------------------------------


Occurrences = dict[tuple[str, str], dict[str, list[SentenceKey]]]
"""(family, key) -> article id -> the sentences that mention it."""


def facts_from_mentions(by_article: Sequence[tuple[str, Sequence[Mention]]], *,
                        central: Collection[SentenceKey] = ()) -> tuple[Fact, ...]:
    """People, figures, dated events and names the sources agree on, most informative first,
    from each article's precomputed ``article_mentions``. ``central``: the
    sentences the corpus ranking chose; a person with a role or a figure that only one
    source reports is a fact when that source says it in one of them."""
    occurrences, forms, raw_roles = collect(by_article)
    names, roles = canonical_names([key for family, key in occurrences if family == "name"], occurrences,
                                   raw_roles)
    occurrences = merged(occurrences, names)
    sources = len(by_article)
    central = set(central)
    candidates = [make_fact(family, key, per_article, forms, roles, sources == 1)
                  for (family, key), per_article in occurrences.items()
                  if len(per_article) >= MIN_SOURCES or sources == 1
                  or (central and any(k in central for keys in per_article.values() for k in keys))]
    facts = [fact for fact in candidates if is_reported(fact, sources, central)]
    known = {key for family, key in occurrences if family == "name"}
    facts = drop_demonyms(drop_pairings(drop_contained_names(facts), known), known)
    return tuple(in_page_order(facts, central))


def in_page_order(facts: list[Fact], central: set[SentenceKey]) -> list[Fact]:
    """The MAX_FACTS most informative facts: by tier, then by support, then by how many
    central sentences say them; at most MAX_FIGURES figures."""
    def rank(fact: Fact) -> tuple:
        return (TIERS.index(tier(fact)), -fact.support, -sum(k in central for k in fact.sentences),
                -len(fact.sentences), fact.text)

    chosen: list[Fact] = []
    figures_taken = 0
    for fact in sorted(facts, key=rank):
        if fact.kind == "figure":
            if figures_taken == MAX_FIGURES:
                continue
            figures_taken += 1
        chosen.append(fact)
        if len(chosen) == MAX_FACTS:
            break
    return chosen


def collect(by_article: Sequence[tuple[str, Sequence[Mention]]]) -> tuple[
        Occurrences, dict[tuple[str, str], dict[str, set[str]]], Roles]:
    """Occurrences by fact key (a name's text, a figure's or date's key); the forms of
    each figure and date (with the sources that write them) and each person's roles
    (with theirs)."""
    occurrences: Occurrences = {}
    forms: dict[tuple[str, str], dict[str, set[str]]] = {}
    roles: Roles = {}
    for article_id, found in by_article:
        for kind, text, index, detail in found:
            if kind == "name" or kind == "actor":
                fact_key = ("name", text)
                if detail:
                    roles.setdefault(text, {}).setdefault(detail, set()).add(article_id)
            else:
                fact_key = (kind, detail)
                forms.setdefault(fact_key, {}).setdefault(text, set()).add(article_id)
            occurrences.setdefault(fact_key, {}).setdefault(article_id, []).append((article_id, index))
    return occurrences, forms, roles


def date_key(event: str) -> str:
    """"February 24, 2022 invasion" and "February 24 invasion" -> "February 24 invasion"."""
    return YEAR_IN_DATE.sub("", event)


YEAR_IN_DATE = re.compile(r",? (?:1[89]|20)\d\d")


Roles = dict[str, dict[str, set[str]]]
"""Person -> role -> the sources that give the person that role."""


def canonical_names(names: Sequence[str], occurrences: Occurrences, roles: Roles) -> tuple[dict[str, str], Roles]:
    """Each name -> the name it is counted under, and the roles of those: a spelling
    variant under the commoner spelling ("Zelenskyy" -> "Zelensky", "Binyamin Netanyahu"
    -> "Benjamin Netanyahu", "Madeleine K. Albright" -> "Madeleine Albright"), a titled
    surname under the surname ("President Zelensky" -> "Zelensky", with its title as a
    role), a surname under the one person's full name the corpus writes ("Putin" ->
    "Vladimir Putin") and an acronym under the name it spells ("FDA")."""
    spread = {name: len(occurrences["name", name]) for name in names}
    canon = respellings(names, spread)
    roles = {person: {role: set(ids) for role, ids in given.items()} for person, given in roles.items()}
    canon = under_surnames(canon, occurrences, roles)
    writers: dict[str, set[str]] = {}
    for name, target in canon.items():
        writers.setdefault(target, set()).update(occurrences["name", name])
    longer = full_names(set(canon.values()), {name: len(ids) for name, ids in writers.items()})
    longer.update(spelled_out(set(canon.values())))
    canon = {name: longer.get(target, target) for name, target in canon.items()}
    return canon, roles_under(canon, roles)


def respellings(names: Sequence[str], spread: dict[str, int]) -> dict[str, str]:
    """Each name -> its commonest spelling (``spelling_variants``, ``first_name_variants``,
    ``without_initials``)."""
    spelling = spelling_variants(spread)
    canon = {name: respelled(name, spelling) for name in names}
    first_names = first_name_variants(canon.values(), spread)
    canon = {name: first_names.get(target, target) for name, target in canon.items()}
    return {name: without_initials(target, canon) for name, target in canon.items()}


def under_surnames(canon: dict[str, str], occurrences: Occurrences, roles: Roles) -> dict[str, str]:
    """``canon`` with each titled surname ("President Zelensky") under the bare surname,
    its title recorded in ``roles`` (a local copy) with the sources that write it."""
    bare = set(canon.values())
    result = dict(canon)
    for name, target in canon.items():
        person = titled(target, bare)
        if person:
            title = target[: -len(person)].strip()
            roles.setdefault(name, {}).setdefault(title, set()).update(occurrences["name", name])
            result[name] = person
    return result


def roles_under(canon: dict[str, str], roles: Roles) -> Roles:
    """Each person's roles, under the name the person is counted under."""
    merged_roles: Roles = {}
    for person, given in roles.items():
        target = merged_roles.setdefault(canon.get(person, person), {})
        for role, ids in given.items():
            target.setdefault(role, set()).update(ids)
    return merged_roles


def without_initials(name: str, names: Collection[str]) -> str:
    """"Madeleine K. Albright" -> "Madeleine Albright" when the corpus writes that too."""
    if "." not in name:
        return name
    short = " ".join(w for w in name.split(" ") if not is_initial(w))
    return short if short != name and short in names else name


def first_name_variants(names: Iterable[str], spread: dict[str, int]) -> dict[str, str]:
    """"Binyamin Netanyahu" -> "Benjamin Netanyahu": two-word names with the same surname
    whose first names start alike, have SPELLING_MIN_LETTERS letters and are at most two
    edits apart are one person transliterated two ways ("John Smith" and "Jane Smith" are not)."""
    by_surname: dict[str, list[str]] = {}
    for name in set(names):
        words = name.split(" ")
        if len(words) == 2 and len(words[0]) >= SPELLING_MIN_LETTERS:
            by_surname.setdefault(words[1], []).append(name)
    variants: dict[str, str] = {}
    for group in by_surname.values():
        group.sort(key=lambda n: (-spread.get(n, 0), n))
        for i, name in enumerate(group):
            best = next((other for other in group[:i] if other not in variants
                         and other[0] == name[0] and edit_distance(other.split(" ")[0], name.split(" ")[0]) <= 2),
                        None)
            if best:
                variants[name] = best
    return variants


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (the names compared are few and short)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


SPELLING_MIN_LETTERS = 6
"""Two words of at least this many letters, one edit apart and with the same first
letter, are one name spelt two ways ("Zelensky", "Zelenskyy"); shorter words one
edit apart are often two names ("Bush", "Rush")."""


def spelling_variants(spread: dict[str, int]) -> dict[str, str]:
    """Word -> its commoner spelling, for the words of names one edit apart (by shared
    one-letter deletions, so no two words are compared unless they are that close)."""
    counts: dict[str, int] = {}
    for name, n in spread.items():
        for word in name.split(" "):
            if len(word) >= SPELLING_MIN_LETTERS and word[:1].isupper():
                counts[word] = counts.get(word, 0) + n
    buckets: dict[str, list[str]] = {}
    for word in counts:
        for key in {word} | {word[:i] + word[i + 1:] for i in range(1, len(word))}:
            buckets.setdefault(key, []).append(word)
    variants: dict[str, str] = {}
    for group in buckets.values():
        if len(group) > 1:
            best = max(group, key=lambda w: (counts[w], w))
            for word in group:
                if word != best and is_spelling_variant(word, best):
                    variants.setdefault(word, best)
    return variants


def is_spelling_variant(a: str, b: str) -> bool:
    """One letter apart, and not a name and its people ("Israel", "Israeli"; "Russia", "Russian")."""
    short, long = sorted((a, b), key=len)
    if len(long) == len(short) + 1 and long.startswith(short) and long[-1] in "inse":
        return False
    return a[0] == b[0] and edit_distance_at_most_one(a, b)


def edit_distance_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:] if len(a) < len(b) else a[i + 1:] == b[i:]


def respelled(name: str, spelling: dict[str, str]) -> str:
    if not spelling:
        return name
    return " ".join(spelling.get(word, word) for word in name.split(" "))


def titled(name: str, bare: set[str]) -> str:
    """"Zelensky" for "President Zelensky" when the corpus also writes "Zelensky" alone
    and the title is a person's; "" otherwise ("General Motors" stays a name)."""
    words = name.split(" ")
    if len(words) < 2 or words[-1] not in bare:
        return ""
    role, person = split_title(words)
    return words[-1] if person == words[-1:] and any(w.rstrip(".") in PERSON_TITLES for w in role) else ""


FULL_NAME_SHARE = 0.5
"""A surname is counted under a full name only when at least half as many sources
write the full name as write the surname: "Putin" under "Vladimir Putin", but not
"Clinton" (six sources, "President Clinton") under "George Clinton" (one source, a
governor of the 1780s, in DUC 2006 dev D0601A)."""


def full_names(names: set[str], spread: dict[str, int]) -> dict[str, str]:
    """Surname -> full name, when exactly one name of two or three words that could be a
    person's ends in it ("Putin" -> "Vladimir Putin"; not "Trump" when the corpus writes
    "Donald Trump" and "Melania Trump") and enough sources write it (FULL_NAME_SHARE)."""
    longer: dict[str, list[str]] = {}
    for name in names:
        words = name.split(" ")
        if 2 <= len(words) <= 3 and could_be_person(words):
            longer.setdefault(words[-1], []).append(name)
    return {surname: found[0] for surname, found in longer.items()
            if len(found) == 1 and surname in names
            and spread.get(found[0], 0) >= FULL_NAME_SHARE * spread.get(surname, 0)}


def spelled_out(names: set[str]) -> dict[str, str]:
    """Acronym -> the one name whose capitalised words' initials spell it ("FDA" -> "Food
    and Drug Administration", "EPA" -> "Environmental Protection Agency")."""
    by_initials: dict[str, list[str]] = {}
    for name in names:
        words = name.split(" ")
        if 2 <= len(words) <= 7:
            initials = "".join(w[0] for w in words if w[:1].isupper())
            if len(initials) >= 2:
                by_initials.setdefault(initials, []).append(name)
    return {name: by_initials[name][0] for name in names
            if name.isupper() and name.isalpha() and len(by_initials.get(name, ())) == 1}


def merged(occurrences: Occurrences, names: dict[str, str]) -> Occurrences:
    """The occurrences of names counted under their canonical name."""
    result: Occurrences = {}
    for (family, key), per_article in occurrences.items():
        if family == "name":
            key = names.get(key, key)
        target = result.setdefault((family, key), {})
        for article_id, keys in per_article.items():
            target.setdefault(article_id, []).extend(keys)
    return result


def make_fact(family: str, key: str, per_article: dict[str, list[SentenceKey]],
              forms: dict[tuple[str, str], dict[str, set[str]]], roles: Roles,
              single_source: bool) -> Fact:
    keys = tuple(k for found in per_article.values() for k in found)
    support = len(keys) if single_source else len(per_article)
    if family == "name":
        role = best_form(roles.get(key, {}))
        kind = "actor" if role else "organisation" if any(w in ORGANISATION_WORDS for w in key.split(" ")) \
            else "name"
        return Fact(kind, key, tuple(per_article), keys, role, support)
    text = best_form(forms[family, key])
    others = tuple(sorted(f for f in forms[family, key] if f != text))  # merged forms, for the sidecar
    return Fact(family, text, tuple(per_article), keys, "", support, others)


def drop_demonyms(facts: list[Fact], names: set[str]) -> list[Fact]:
    """"Israeli", "Americans", "Korean": a people, not an actor. A word with a people's
    ending is a name unless the corpus also writes the country it comes from
    ("Israeli" after "Israel", "American" after "America"): "Jordan", "Iran" and
    "Pakistan" stay."""
    return [f for f in facts if not (f.kind == "name" and is_demonym(f.text.rsplit(" ", 1)[-1], names))]


def is_demonym(word: str, names: set[str]) -> bool:
    """Also the last word of a people's name ("Native American", "Eastern European")."""
    if SURE_DEMONYM.match(word):
        return True
    if not DEMONYM.match(word):
        return False
    if word.endswith("ans"):
        return True
    stem = word.removesuffix("s")
    return any(country in names for country in (stem[:-1], stem[:-2], stem + "y")) and len(stem) > 4


def best_form(forms: dict[str, set[str]]) -> str:
    """The form most sources write; of those, the longest (it says most: "28-point peace
    plan" over "28-point plan"); "" when there is none."""
    return max(forms, key=lambda f: (len(forms[f]), len(f), f), default="")


def is_reported(fact: Fact, sources: int, central: set[SentenceKey]) -> bool:
    """Agreed by MIN_SOURCES, or said by one source in a central sentence when it is a
    person with a role or a specific figure; and not the topic itself."""
    if fact.kind == "name" and sources >= TOPIC_MIN_SOURCES \
            and len(fact.sources) > (TOPIC_SHARE_LONGER if " " in fact.text else TOPIC_SHARE) * sources:
        return False
    if fact.support >= MIN_SOURCES:
        return True
    return tier(fact) in ("actor", "figure") and any(k in central for k in fact.sentences)


def tier(fact: Fact) -> str:
    """Which of TIERS the fact belongs to."""
    if fact.kind == "figure":
        figure = figure_at(tokenise(fact.text)[0], 0)
        return "figure" if figure and figure.specific else "count"
    return fact.kind if fact.kind in TIERS else "name"


def drop_pairings(facts: list[Fact], names: set[str]) -> list[Fact]:
    """"US-Russia" (talks) and "Franco-German" (ties) name a relation between names
    the sources mention on their own, not a third actor: a hyphenated name goes
    when one of its parts is itself a name mentioned ("Rolls-Royce" stays)."""
    return [f for f in facts
            if not (f.kind == "name" and "-" in f.text and any(part in names for part in f.text.split("-")))]


def word_suffixes(name: str) -> list[str]:
    """"President Vladimir Putin" -> ["Vladimir Putin", "Putin"]."""
    words = name.split(" ")
    return [" ".join(words[i:]) for i in range(1, len(words))]


def drop_contained_names(facts: list[Fact]) -> list[Fact]:
    """"Putin" goes when "Vladimir Putin" is kept with at least its support, and "Corps"
    when "Army Corps of Engineers" is: a word of a longer name is that name, shortened."""
    best_longer: dict[str, int] = {}  # name -> most support of a longer name ending in it (or holding it)
    for fact in facts:
        if fact.kind in ("name", "actor", "organisation"):
            words = fact.text.split(" ")
            for part in set(word_suffixes(fact.text)) | (set(words) if len(words) > 1 else set()):
                best_longer[part] = max(best_longer.get(part, 0), fact.support)
    return [f for f in facts if f.kind not in ("name", "organisation") or best_longer.get(f.text, 0) < f.support]

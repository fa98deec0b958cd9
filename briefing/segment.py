"""Stage 3, segment: split quotable blocks into sentences with NLTK's Punkt.

Works offline with no downloaded NLTK data: Punkt is told a project-owned list
of English abbreviations and learns capitalisation from the text it splits. If
the user already has NLTK's ``punkt_tab`` model, its abbreviations are added
too; it is never downloaded. ``brief build``, for each article, and
``split_sentences``, for one text, skip Punkt's trainer and gather only the
text's capitalisation statistics (``Splitter.for_text``), so an article's
sentences depend on the article alone. ``Splitter.for_texts`` trains Punkt on
a sample of many texts (the benchmarks' baselines split with it). A splitter
is never mutated once built. The abbreviation set is looked up once per
process (``known_abbreviations``, an ``lru_cache``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from nltk.tokenize.punkt import (
    _ORTHO_MAP,  # Punkt's (context, case) -> flag table; a private name, so we share NLTK's rather than copy it
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
    PunktTrainer,
)

from .boundaries import refine
from .model import BlockKind, CleanArticle, Sentence
from .wordlists import word_set

ABBREVIATIONS = word_set("abbreviations") | {word.lower() for word in word_set("titles") | word_set("month_abbreviations")}
"""Abbreviations Punkt cannot learn from a small input: titles and ranks,
months, U.S. state forms used by wire services, corporate suffixes and
common news shorthand (the word lists abbreviations, titles and
month_abbreviations). Lower case, without the final full stop."""


class PunktRegexes(PunktLanguageVars):
    """Punkt's English conventions with its two hot regular expressions compiled by
    the standard ``re`` module. NLTK 3.10 runs every pattern through ``nltk.redos``
    (the ``regex`` engine under a timeout), a defence against caller-supplied
    patterns; these are Punkt's own fixed, linear patterns, and running them
    directly halves the time spent splitting (benchmarks/speed.py). Same
    patterns, same flags, so the same tokens (tests/test_segment.py)."""

    __slots__ = ()

    def _word_tokenizer_re(self):
        try:
            return self._re_word_tokenizer
        except AttributeError:
            self._re_word_tokenizer = re.compile(
                self._word_tokenize_fmt % {"NonWord": self._re_non_word_chars, "MultiChar": self._re_multi_char_punct,
                                           "WordStart": self._re_word_start},
                re.UNICODE | re.VERBOSE)
            return self._re_word_tokenizer

    def period_context_re(self):
        try:
            return self._re_period_context
        except AttributeError:
            self._re_period_context = re.compile(
                self._period_context_fmt % {"NonWord": self._re_non_word_chars,
                                            "SentEndChars": self._re_sent_end_chars},
                re.UNICODE | re.VERBOSE)
            return self._re_period_context

    re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)


class PunktTokenRegexes(PunktToken):
    """Punkt's token, with its fixed patterns compiled by ``re`` for the reason
    given in ``PunktRegexes``: they run several times per word. Same patterns and
    flags as ``PunktToken``'s, so the same types and annotations (tests/test_segment.py)."""

    __slots__ = ()
    _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern, re.UNICODE)
    _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern, re.UNICODE)


def punkt_tokenizer(params: PunktParameters) -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(params, lang_vars=PunktRegexes(), token_cls=PunktTokenRegexes)


@dataclass(frozen=True)
class Splitter:
    """A Punkt sentence splitter trained for one run. Build it with ``for_texts``."""

    tokenizer: PunktSentenceTokenizer
    params: PunktParameters  # what the tokenizer was built with (read, never changed)

    @classmethod
    def for_texts(cls, texts: Iterable[str]) -> Splitter:
        """Train Punkt on a sample of the run's text (``training_sample``)."""
        return cls.trained_on(training_sample(list(texts)))

    @classmethod
    def trained_on(cls, sample: str) -> Splitter:
        """Train Punkt on ``sample``, then add the project's abbreviations."""
        trainer = PunktTrainer(lang_vars=PunktRegexes(), token_cls=PunktTokenRegexes)
        trainer.train(sample, finalize=True)
        params: PunktParameters = trainer.get_params()
        params.abbrev_types = {a for a in params.abbrev_types if trusted_learned_abbreviation(a)}
        params.abbrev_types |= known_abbreviations()
        params.collocations = set()
        return cls(punkt_tokenizer(params), params)

    @classmethod
    def for_text(cls, text: str) -> Splitter:
        """A splitter for one short text, without Punkt's trainer.

        Of what training on one article teaches Punkt, only its capitalisation
        statistics survive our filtering in practice (learned abbreviations
        are mostly dropped, collocations always), and training costs about
        six times the split itself. ``orthography`` gathers those statistics
        in one pass over the text, so this splitter costs about 1.5 times
        plain Punkt (benchmarks/segmentation.py)."""
        abbreviations = known_abbreviations()
        params = PunktParameters()
        params.abbrev_types = set(abbreviations)
        params.ortho_context.update(orthography(text, abbreviations))
        return cls(punkt_tokenizer(params), params)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the sentences of ``text``, in order: Punkt's, refined
        by the boundary rules it lacks (briefing/boundaries.py)."""
        return refine(text, list(self.tokenizer.span_tokenize(text)))

    def split(self, text: str) -> list[str]:
        return [text[a:b].strip() for a, b in self.spans(text) if text[a:b].strip()]


PUNKT_WORDS = PunktRegexes()


TRAINING_CHARS = 30_000
"""Punkt learns from at most this much of the input. Training is the slow part
of Punkt (1.7 s for 200 DUC 2006 articles, 0.82 MB, against 0.25 s to split
them); what it contributes after our filtering (capitalisation statistics and
sentence starters) settles within a few articles. Measured with
benchmarks/segmentation.py on 200 DUC 2006 articles: at 30,000 and 60,000
characters and with the whole input alike, 47/48 Golden Rules, no sentence cut
after a title or month abbreviation, and sentence counts within 0.1%
(6,069 / 6,067 / 6,064)."""


def training_sample(texts: list[str], limit: int = TRAINING_CHARS) -> str:
    """The texts, joined, when they fit in ``limit`` characters; else whole texts taken in
    the order of their content hash until ``limit`` is reached (a pseudo-random sample that
    does not depend on the input's order or file names), in their input order."""
    if sum(map(len, texts)) <= limit:
        return "\n\n".join(texts)
    chosen, total = [], 0
    for i in sorted(range(len(texts)), key=lambda i: hashlib.sha1(texts[i].encode("utf-8", "replace")).digest()):
        if total >= limit:
            break
        chosen.append(i)
        total += len(texts[i])
    return "\n\n".join(texts[i] for i in sorted(chosen))


def trusted_learned_abbreviation(abbreviation: str) -> bool:
    """Keep what Punkt learns from a small input only when it cannot be a word.

    On a few thousand words Punkt takes common words that end sentences for
    abbreviations ("ago.", "law." in the shared corpus) and learns number+word
    collocations ("1997. This"), gluing sentences together. Initialisms with
    an inner full stop ("d.c") and single letters (initials) are safe."""
    return "." in abbreviation or len(abbreviation) == 1


@functools.lru_cache(maxsize=1)
def known_abbreviations() -> frozenset[str]:
    """``ABBREVIATIONS`` and those of an installed ``punkt_tab`` model.

    Cached for the life of the process (the one piece of process-global
    state in this module): looking for the model costs a file-system search
    per call, and whether it is installed does not change while we run."""
    return ABBREVIATIONS | installed_punkt_abbreviations()


PUNKT_NUMBER = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")  # PunktToken._RE_NUMERIC
PUNKT_INITIAL = re.compile(r"[^\W\d]\.$")  # PunktToken._RE_INITIAL
SENTENCE_END = frozenset(PUNKT_WORDS.sent_end_chars)


def orthography(text: str, abbreviations: frozenset[str]) -> dict[str, int]:
    """Punkt's orthographic context (``PunktParameters.ortho_context``) for the
    words of ``text`` that follow a full stop: the only words Punkt asks it about.

    The same walk as ``PunktTrainer._get_orthography_data`` after its first
    pass, with ``abbreviations`` as the known abbreviations, but over plain
    strings: building a ``PunktToken`` per word is most of the trainer's cost."""
    lines = token_lines(text)
    wanted = words_after_full_stops([token for tokens, _ in lines for token in tokens])
    ortho: dict[str, int] = {}
    context = "internal"  # or "initial" or "unknown", as Punkt names them
    for tokens, after_blank_line in lines:
        if after_blank_line and context != "unknown":
            context = "initial"
        if context == "internal":
            context = "unknown"
        for token in tokens:
            # Most tokens neither end in sentence punctuation nor follow a full stop anywhere: skip their work.
            breaks, pauses = first_pass(token, abbreviations) if token[-1] in SENTENCE_END else (False, False)
            lower = token.lower()
            if lower in wanted:
                typ = lower[:-1] if breaks and lower.endswith(".") else lower
                ortho[typ] = ortho.get(typ, 0) | orthographic_flag(context, token)
            context = next_context(token, breaks, pauses) if breaks or pauses else "internal"
    return ortho


def orthographic_flag(context: str, token: str) -> int:
    """Punkt's flag for ``token``'s first-letter case in ``context``; 0 when it has no case."""
    first = token[0]
    case = "upper" if first.isupper() else "lower" if first.islower() else None
    return _ORTHO_MAP[(context, case)] if case else 0


def token_lines(text: str) -> list[tuple[list[str], bool]]:
    """Punkt's word tokens of each non-blank line, and whether a blank line came before it."""
    lines, after_blank_line = [], False
    for line in text.split("\n"):
        if not line.strip():
            after_blank_line = True
        elif tokens := PUNKT_WORDS.word_tokenize(line):
            lines.append((tokens, after_blank_line))
            after_blank_line = False
    return lines


def words_after_full_stops(tokens: list[str]) -> set[str]:
    after = {tokens[i + 1].lower() for i in range(len(tokens) - 1) if tokens[i].endswith(".")}
    return after | {word[:-1] for word in after if word.endswith(".")}


def first_pass(token: str, abbreviations: frozenset[str]) -> tuple[bool, bool]:
    """(sentence break, abbreviation or ellipsis), as ``PunktBaseClass._first_pass_annotation`` decides."""
    if token in SENTENCE_END:
        return True, False
    if not token.endswith("."):
        return False, False
    if token.endswith(".."):
        return False, not token.strip(".")  # only an all-dots token is an ellipsis
    stem = token[:-1].lower()
    known = stem in abbreviations or stem.split("-")[-1] in abbreviations
    return not known, known


def next_context(token: str, breaks: bool, pauses: bool) -> str:
    if breaks:
        return "unknown" if PUNKT_NUMBER.match(token) or PUNKT_INITIAL.match(token) else "initial"
    return "unknown" if pauses else "internal"


def installed_punkt_abbreviations() -> frozenset[str]:
    """Abbreviations of NLTK's English ``punkt_tab`` model if the user has it; never downloads."""
    import nltk

    try:
        nltk.data.find("tokenizers/punkt_tab/english/")
    except LookupError:
        return frozenset()
    try:
        from nltk.tokenize import PunktTokenizer

        return frozenset(PunktTokenizer("english")._params.abbrev_types)
    except (LookupError, OSError, ValueError):
        return frozenset()


def split_sentences(text: str) -> list[str]:
    """Split English text into sentences, verbatim (stripped) and in order, offline.

    Punkt with the project's abbreviation list and the capitalisation
    statistics of ``text`` itself (``Splitter.for_text``), then
    the boundary rules of ``briefing.boundaries`` (titles, initialisms and
    times before names, quotes and brackets, ellipses, inline numbered lists).
    ``brief build`` splits each article with the same splitter, made from the
    article's quotable text. No NLTK data is needed or downloaded.

    >>> split_sentences("Gen. Smith arrived in the U.S. on Monday. Talks begin today.")
    ['Gen. Smith arrived in the U.S. on Monday.', 'Talks begin today.']
    """
    return Splitter.for_text(text).split(text)


def segment_article(clean: CleanArticle, splitter: Splitter) -> tuple[Sentence, ...]:
    """Sentences of the quotable blocks, with spans in the cleaned text (blocks joined by blank lines)."""
    found: list[tuple[str, int, int, BlockKind]] = []  # text, block index, start, kind
    offset = 0
    for block_index, block in enumerate(clean.blocks):
        if block.kind.quotable:
            for start, end in splitter.spans(block.text):
                raw = block.text[start:end]
                text = raw.strip()
                if text:
                    lead = len(raw) - len(raw.lstrip())
                    found.append((text, block_index, offset + start + lead, block.kind))
        offset += len(block.text) + 2
    last = max(len(found) - 1, 1)
    return tuple(
        Sentence(clean.id, i, text, block, start, start + len(text), kind, position=i / last)
        for i, (text, block, start, kind) in enumerate(found)
    )


def cleaned_text(clean: CleanArticle) -> str:
    """The text that Sentence spans index into."""
    return "\n\n".join(block.text for block in clean.blocks)


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text: str) -> list[str]:
    """Word tokens: letters and digits, with inner apostrophes kept ("Russia's")."""
    return WORD.findall(text)

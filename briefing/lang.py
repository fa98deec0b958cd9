"""Word-level language tools for one run: stop words, a caching stemmer and the word lists.

Built once per run and passed to the stages that need them; the stem cache
lives in the object, not in the module, so runs never share state.
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass, field
from itertools import chain, islice

from nltk.stem.snowball import SnowballStemmer

from .segment import words
from .wordlists import ENGLISH, word_set

TEXTS_REMEMBERED = 4096


@dataclass(frozen=True)
class Language:
    stop_words: frozenset[str]
    stemmer: SnowballStemmer
    _cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _texts: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, compare=False, repr=False)
    _words: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, compare=False, repr=False)
    name: str = ENGLISH  # the folder of its word lists, briefing/languages/<name>/

    @classmethod
    def english(cls) -> Language:
        """sumy's English stop words (shipped inside the package) and the Snowball stemmer."""
        return cls(sumy_stop_words("english"), SnowballStemmer("english"))

    def __reduce__(self):
        # Sent to worker processes by what it is, not with its stemmer and the words it
        # has stemmed so far (a Dask worker on another machine builds its own).
        return (Language.english, ())

    def stem(self, word: str) -> str:
        word = word.lower()
        stemmed = self._cache.get(word)
        if stemmed is None:
            stemmed = self._cache[word] = self.stemmer.stem(word)
        return stemmed

    def stemmed_words(self, text: str) -> tuple[tuple[str, str], ...]:
        """(word, stem) of each word of ``text`` that is not a stop word. The ranker,
        the filters' neighbours and the corpus stage all ask for one sentence's
        words in turn, so the last few thousand texts are remembered; when they are
        too many, the older half is forgotten (not all: a batch of articles asked for
        again by the next stage is still there)."""
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) >= TEXTS_REMEMBERED:
                for older in list(islice(self._texts, TEXTS_REMEMBERED // 2)):
                    del self._texts[older]
            found_words = words(text)
            pairs = [pair for pair in map(self._words.get, found_words) if pair is not None]
            if len(pairs) < len(found_words):  # a word not seen before in this run
                pairs = [self.word_pairs(word) for word in found_words]
            found = self._texts[text] = tuple(chain.from_iterable(pairs))
        return found

    def word_pairs(self, word: str) -> tuple[tuple[str, str], ...]:
        """((word, stem),) for a word as written, () for a stop word, made once a run: a
        run's words are mostly ones it has seen, and looking their pairs up made the
        words of DUC 2006's sentences about a quarter faster than stemming each word
        again through ``stem``'s cache (tokens seen before: 0.7-1.0 s -> 0.5-0.7 s)."""
        pairs = self._words.get(word)
        if pairs is None:
            pairs = self._words[word] = () if word.lower() in self.stop_words else ((word, self.stem(word)),)
        return pairs

    def content_stems(self, text: str) -> list[str]:
        """Stems of the words that carry content: no stop words, no one-letter tokens."""
        return [stem for word, stem in self.stemmed_words(text) if len(word) > 1]

    def words(self, list_name: str) -> frozenset[str]:
        """The word list ``list_name`` of this language (``briefing.wordlists``), read once per process."""
        return word_set(list_name, self.name)


def sumy_stop_words(language: str) -> frozenset[str]:
    """The stop words sumy ships for ``language``, read as ``sumy.utils.get_stop_words``
    reads them, without importing ``sumy.utils`` (which imports requests and pycountry,
    a tenth of a second of every start, for nothing briefing uses)."""
    try:
        data = pkgutil.get_data("sumy", f"data/stopwords/{language}.txt")
    except OSError as exc:
        raise LookupError(f"sumy has no stop words for {language}") from exc
    if data is None:
        raise LookupError(f"sumy has no stop words for {language}")
    return frozenset(word.rstrip() for word in data.decode("utf-8").splitlines() if word)

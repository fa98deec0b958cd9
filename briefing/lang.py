"""Word-level language tools for one run: stop words, a caching stemmer and the word lists.

Built once per run and passed to the stages that need them; the stem cache
lives in the object, not in the module, so runs never share state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nltk.stem.snowball import SnowballStemmer
from sumy.utils import get_stop_words

from .segment import words
from .wordlists import ENGLISH, word_set

TEXTS_REMEMBERED = 4096


@dataclass(frozen=True)
class Language:
    stop_words: frozenset[str]
    stemmer: SnowballStemmer
    _cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _texts: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, compare=False, repr=False)
    name: str = ENGLISH  # the folder of its word lists, briefing/languages/<name>/

    @classmethod
    def english(cls) -> Language:
        """sumy's English stop words (shipped inside the package) and the Snowball stemmer."""
        return cls(frozenset(get_stop_words("english")), SnowballStemmer("english"))

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
        words in turn, so the last few thousand texts are remembered."""
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) >= TEXTS_REMEMBERED:
                self._texts.clear()
            found = self._texts[text] = tuple((w, self.stem(w)) for w in words(text)
                                              if w.lower() not in self.stop_words)
        return found

    def content_stems(self, text: str) -> list[str]:
        """Stems of the words that carry content: no stop words, no one-letter tokens."""
        return [stem for word, stem in self.stemmed_words(text) if len(word) > 1]

    def words(self, list_name: str) -> frozenset[str]:
        """The word list ``list_name`` of this language (``briefing.wordlists``), read once per process."""
        return word_set(list_name, self.name)

"""Word-level language tools for one run: stop words and a caching stemmer.

Built once per run and passed to the stages that need them; the stem cache
lives in the object, not in the module, so runs never share state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nltk.stem.snowball import SnowballStemmer
from sumy.utils import get_stop_words

from .segment import words


@dataclass(frozen=True)
class Language:
    stop_words: frozenset[str]
    stemmer: SnowballStemmer
    _cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def english(cls) -> Language:
        """sumy's English stop words (shipped inside the package) and the Snowball stemmer."""
        return cls(frozenset(get_stop_words("english")), SnowballStemmer("english"))

    def stem(self, word: str) -> str:
        word = word.lower()
        stemmed = self._cache.get(word)
        if stemmed is None:
            stemmed = self._cache[word] = self.stemmer.stem(word)
        return stemmed

    def content_stems(self, text: str) -> list[str]:
        """Stems of the words that carry content: no stop words, no one-letter tokens."""
        return [self.stem(w) for w in words(text) if len(w) > 1 and w.lower() not in self.stop_words]

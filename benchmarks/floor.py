"""The floor: the work no build of a folder of articles can skip, as one process.

    python benchmarks/floor.py FOLDER

Start Python, import NLTK, find the folder's files as ``brief build`` finds
them (recursively, hidden files and folders left out, in path order), read
each one and decode it as UTF-8, split each text into sentences with untrained
Punkt (``PunktSentenceTokenizer()`` with default parameters), find the words of
each sentence and stem each distinct word once with NLTK's English Snowball
stemmer. Prints what it found.

Words are found with ``re.findall(r"\\w+", ...)``, not with NLTK's
``word_tokenize``: a regular expression is what the build itself uses
(``briefing.segment.words``, about as costly), and ``word_tokenize`` runs
Punkt again and a dozen Treebank expressions over every sentence, several
times slower, which would flatter every build measured against it. Words are
lower-cased before they are counted as distinct, as the build's stem cache
(``briefing.lang.Language.stem``) does.

``speed.py`` times this whole process, start-up included, as it times every
build: a build at 2x the floor spends as much again on everything else
(cleaning, dates, ranking, the page, the PDF, the cache).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nltk
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.punkt import PunktSentenceTokenizer

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Counts:
    files: int
    sentences: int
    words: int
    stems: int


def article_files(folder: str) -> list[Path]:
    """Every non-hidden file below ``folder``, in path order (the build's order)."""
    found = []
    for here, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(here, name) for name in files if not name.startswith("."))
    return sorted(found, key=lambda path: path.parts)


def floor(folder: str) -> Counts:
    splitter = PunktSentenceTokenizer()
    stemmer = SnowballStemmer("english")
    files = article_files(folder)
    sentences = 0
    distinct: set[str] = set()
    total_words = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for sentence in splitter.tokenize(text):
            sentences += 1
            found = WORD.findall(sentence.lower())
            total_words += len(found)
            distinct.update(found)
    stems = {stemmer.stem(word) for word in distinct}
    return Counts(len(files), sentences, total_words, len(stems))


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(f"usage: {sys.argv[0]} FOLDER")
    counts = floor(sys.argv[1])
    print(f"NLTK {nltk.__version__}: {counts.files} files, {counts.sentences} sentences, {counts.words} words, "
          f"{counts.stems} distinct stems")


if __name__ == "__main__":
    main()

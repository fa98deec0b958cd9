"""NLTK imported without SciPy's statistics, which briefing never uses.

``import nltk`` (and so ``from nltk.tokenize.punkt import ...``) runs NLTK's
``__init__``, which imports every NLTK subpackage; one of them,
``nltk.metrics.association``, imports ``scipy.stats`` for Fisher's exact test.
That import alone took 0.7 to 1.2 s of every ``brief build`` on the shared
two-core machine (``python -X importtime -c "import nltk"``: 1.62-1.77 s with
it, 0.86-0.95 s without), more than reading and ranking a small folder.

NLTK guards that import (``try: from scipy.stats import fisher_exact``, a stub
that raises on ImportError). While NLTK is first imported here, ``scipy.stats``
is made unimportable (``sys.modules`` holds None for it, which makes Python
raise ImportError); then NLTK's stub is replaced by a function that imports
SciPy's test on its first call, so NLTK works as before for anyone who uses it.

Nothing happens when NLTK or ``scipy.stats`` is already imported. This module
must be imported before any other that imports NLTK: ``briefing.render``
imports it first, and ``briefing.pipeline`` reaches ``render`` (through
``archive``) before ``segment`` and ``lang``, NLTK's other importers.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

STATS = "scipy.stats"


def fisher_exact(*args: Any, **kwargs: Any) -> Any:
    """``scipy.stats.fisher_exact``, imported on the first call (NLTK's ``BigramAssocMeasures.fisher``)."""
    return import_module(STATS).fisher_exact(*args, **kwargs)


def import_nltk_without_stats() -> None:
    """Import NLTK with ``scipy.stats`` held back, then give NLTK a Fisher test that loads it on use."""
    if "nltk" in sys.modules or STATS in sys.modules:
        return
    sys.modules[STATS] = None  # type: ignore[assignment]  # None: "import scipy.stats" raises ImportError
    try:
        import_module("nltk")
    except ImportError:  # an NLTK that cannot be imported without scipy.stats: import it as it is
        release_stats()
        import_module("nltk")
        return
    release_stats()
    association = sys.modules.get("nltk.metrics.association")
    if association is not None:
        association.fisher_exact = fisher_exact  # type: ignore[attr-defined]


def release_stats() -> None:
    """Let ``scipy.stats`` be imported again."""
    if STATS in sys.modules and sys.modules[STATS] is None:
        del sys.modules[STATS]

import_nltk_without_stats()

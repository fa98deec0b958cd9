"""briefing: a folder of news articles in, a one-page extractive situation brief out.

    from briefing import Config, build_brief
    brief = build_brief(Config(inputs=("articles/ukraine-talks",)))

The names below are imported on first use (PEP 562), so that ``brief --help``
and ``brief --version`` do not load NLTK, SciPy and WeasyPrint.

Every expected failure is a ``BriefingError``; the README ("From Python") says
which subclass ``build_brief`` raises when, and a test keeps each one exported here.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .version import __version__

_EXPORTS = {
    "BriefingError": "errors",
    "ConfigError": "errors",
    "NoUsableInput": "errors",
    "OutputError": "errors",
    "RenderError": "errors",
    "LockHeld": "errors",
    "SchedulerUnavailable": "errors",
    "WorkerDied": "errors",
    "PdfUnavailable": "errors",
    "Config": "config",
    "Brief": "model",
    "build_brief": "pipeline",
    "summarize": "pipeline",
    "split_sentences": "segment",
    "event_date": "dates",
    "dated": "dates",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # the names as type checkers and editors see them (redundant aliases: re-exports)
    from .config import Config as Config
    from .dates import dated as dated
    from .dates import event_date as event_date
    from .errors import BriefingError as BriefingError
    from .errors import ConfigError as ConfigError
    from .errors import LockHeld as LockHeld
    from .errors import NoUsableInput as NoUsableInput
    from .errors import OutputError as OutputError
    from .errors import PdfUnavailable as PdfUnavailable
    from .errors import RenderError as RenderError
    from .errors import SchedulerUnavailable as SchedulerUnavailable
    from .errors import WorkerDied as WorkerDied
    from .model import Brief as Brief
    from .pipeline import build_brief as build_brief
    from .pipeline import summarize as summarize
    from .segment import split_sentences as split_sentences


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

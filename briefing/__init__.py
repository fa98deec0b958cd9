"""briefing: a folder of news articles in, a one-page extractive situation brief out.

    from briefing import Config, build_brief
    brief = build_brief(Config(inputs=("articles/ukraine-talks",)))
"""

from .config import Config
from .dates import DateFrom, dated, event_date
from .errors import BriefingError, ConfigError, NoUsableInput, OutputError, RenderError
from .pipeline import build_brief, summarize
from .segment import split_sentences
from .version import __version__

__all__ = [
    "__version__",
    "BriefingError",
    "Config",
    "ConfigError",
    "DateFrom",
    "NoUsableInput",
    "OutputError",
    "RenderError",
    "build_brief",
    "dated",
    "event_date",
    "split_sentences",
    "summarize",
]

"""One frozen configuration object per brief: defaults in code, then
``brief.toml``, then command-line flags (a flag not given changes nothing).

Every option is documented on its field; ``brief init`` writes them all into a
commented starter file. ``load_configs`` reads a file that defines one brief
(top-level keys) or several (one ``[brief.NAME]`` table each, the top-level
keys being their shared defaults) and checks every value at once: all
problems are reported together, so a nightly job fails at the start with one
readable message, never half-way through.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .names import FORMATS, PAGE_SIZES, SUMMARIZER_NAMES, canonical, did_you_mean

__all__ = ["CONFIG_FILE", "FORMATS", "PAGE_SIZES", "Config", "load_configs", "starter_file"]

CONFIG_FILE = "brief.toml"


@dataclass(frozen=True)
class Config:
    name: str | None = None
    """Name of the brief in a file that defines several (its [brief.NAME] table)."""

    inputs: tuple[str, ...] = ()
    """Files and folders to read; folders are searched recursively. One path (a string
    or ``pathlib.Path``) or several. In brief.toml, relative paths are taken from the
    folder of the file."""

    output_dir: str = "output"
    """Where ``<date>-<slug>.md/.pdf/.json`` and ``latest.*`` are written (key ``output``).
    A file defining several briefs puts each in ``<output>/<name>`` unless it sets its own."""

    title: str | None = None
    """Title of the brief; by default made from the input folder's name."""

    summarizer: str = "lexrank"
    """Per-article sentence ranker, one of ``briefing.names.SUMMARIZER_NAMES`` (any case)."""

    focus: str | None = None
    """Optional topic description; biases the cross-corpus ranking toward it."""

    since: str | None = None
    """Time window: "24h", "7d", "2w", "90m" or an ISO date ("2026-11-20"). Only articles
    published in it (or, without a date, modified in it) are used."""

    page_size: str = "A4"
    """Paper size of the PDF: A4 or Letter (any case)."""

    formats: tuple[str, ...] = ("md", "pdf", "json")
    """Which outputs to write: any of md, pdf, json, html; a list, or one string "md,pdf"."""

    templates: str | None = None
    """A folder whose templates override the built-in ones (missing files fall back)."""

    cache: str | bool = True
    """Keep per-article results between runs: true (a ``.cache`` folder in the output
    folder), false (no cache), or a folder. Safe to delete at any time."""

    jobs: int = 0
    """Worker processes for the per-article stages; 0 means one per core. Results do not depend on it."""

    author: str = "briefing"
    """Author recorded in the PDF's metadata (and the HTML's)."""

    wait: float = 0.0
    """Seconds to wait for another run on the same output folder to finish (default: do not wait)."""

    fresh: bool = False
    """Ignore the previous brief in the output folder: build as if it were the first night.
    By default a build whose output folder holds an earlier brief of the same title
    is an update that leads with what is new since then."""

    keep: int | None = None
    """Days of dated briefs to keep in the output folder and its archive (index.html,
    feed.atom); older ones are deleted after each build. Default: keep every brief."""

    generated_at: datetime | None = None
    """Build time shown in the brief and used in file names; default: now, or
    ``SOURCE_DATE_EPOCH`` when set (reproducible builds). Not settable in brief.toml."""

    def __post_init__(self) -> None:
        """Take the obvious spellings of a value (see ``normalised``). Anything else
        is kept as given for ``problems`` to report: a wrong type is a ConfigError
        listed with the other problems, never a TypeError from deep in a run."""
        for field, value in normalised(self).items():
            object.__setattr__(self, field, value)

    def validated(self) -> Config:
        """The config with derived defaults filled in, or one ConfigError listing every problem."""
        problems = self.problems()
        if problems:
            raise ConfigError("; ".join(problems))
        return replace(self, generated_at=self.generated_at or build_time())

    def cache_folder(self) -> str | None:
        if self.cache is True:
            return str(Path(self.output_dir) / ".cache")
        return self.cache or None

    def problems(self) -> list[str]:
        """Every problem, one sentence each ([] for a valid config). Never raises: a
        field of the wrong type is reported as such and its other checks are skipped."""
        where = f"brief {self.name!r}: " if self.name else ""
        wrong = {field: problem for field in FIELD_TYPES if (problem := type_problem(field, getattr(self, field)))}
        problems = list(wrong.values())
        for field, check in VALUE_CHECKS.items():
            if field not in wrong:
                problems.extend(check(getattr(self, field)))
        return [where + p for p in problems]


# --- Python values: the obvious spellings, and the checks ---------------------------

def normalised(config: Config) -> dict[str, Any]:
    """The converted fields: paths from ``str`` or ``os.PathLike``, one path for a list
    of inputs, "md,pdf" for a list of formats, names in any case, and numbers given as
    decimal strings (an environment variable's value) for jobs, wait and keep."""
    cache = config.cache
    return {
        "inputs": as_paths(config.inputs),
        "output_dir": as_path(config.output_dir),
        "templates": as_path(config.templates),
        "cache": cache if isinstance(cache, bool) else as_path(cache),
        "summarizer": as_choice(config.summarizer, SUMMARIZER_NAMES),
        "page_size": as_choice(config.page_size, PAGE_SIZES),
        "formats": as_formats(config.formats),
        "jobs": as_number(config.jobs, WHOLE_NUMBER, int),
        "keep": as_number(config.keep, WHOLE_NUMBER, int),
        "wait": as_number(config.wait, DECIMAL_NUMBER, float),
    }


WHOLE_NUMBER = re.compile(r"\s*[+-]?\d+\s*")
DECIMAL_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*")
"""Numbers as a person writes them; "1e3", "inf" and "nan" stay strings and are reported."""


def as_path(value: Any) -> Any:
    path = os.fspath(value) if isinstance(value, os.PathLike) else value
    return path if isinstance(path, str) else value


def as_paths(value: Any) -> Any:
    if value is None:
        return ()
    if isinstance(value, (str, os.PathLike)):
        return (as_path(value),)
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return tuple(as_path(v) for v in value)
    return value


def as_choice(value: Any, choices: Iterable[str]) -> Any:
    return (canonical(value, choices) or value) if isinstance(value, str) else value


def as_formats(value: Any) -> Any:
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return tuple(as_choice(v, FORMATS) for v in value)
    return value


def as_number(value: Any, pattern: re.Pattern[str], kind: Callable[[str], Any]) -> Any:
    return kind(value) if isinstance(value, str) and pattern.fullmatch(value) else value


NoneType = type(None)

FIELD_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "name": ((str, NoneType), "a string"),
    "inputs": ((tuple,), "a path or a list of paths"),
    "output_dir": ((str,), "a path"),
    "title": ((str, NoneType), "a string"),
    "summarizer": ((str,), "a name such as 'lexrank'"),
    "focus": ((str, NoneType), "a string"),
    "since": ((str, NoneType), "a string such as '24h' or '2026-11-20'"),
    "page_size": ((str,), "'A4' or 'Letter'"),
    "formats": ((tuple,), "a list of formats or one string such as 'md,pdf'"),
    "templates": ((str, NoneType), "a path"),
    "cache": ((str, bool), "True, False or a path"),
    "jobs": ((int,), "a whole number"),
    "author": ((str,), "a string"),
    "wait": ((int, float), "a number of seconds"),
    "fresh": ((bool,), "True or False"),
    "keep": ((int, NoneType), "a whole number of days"),
    "generated_at": ((datetime, NoneType), "a datetime"),
}
"""Config field -> the types it takes (after ``normalised``) and how to say so."""

SEQUENCE_FIELDS = ("inputs", "formats")
"""Fields holding a tuple of strings."""


def type_problem(field: str, value: Any) -> str:
    """"jobs must be a whole number, not 'x'", or "" when the value has the field's type."""
    kinds, description = FIELD_TYPES[field]
    fits = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if fits and field in SEQUENCE_FIELDS:
        fits = all(isinstance(v, str) for v in value)
    return "" if fits else f"{field} must be {description}, not {value!r}"


def check_inputs(inputs: tuple[str, ...]) -> list[str]:
    if not inputs:
        return ["no input given: name a folder or files of articles"]
    return [f"input not found: {path}" for path in inputs if not Path(path).exists()]


def check_output(folder: str) -> list[str]:
    """The output folder may not exist yet, but it may not be a file."""
    if Path(folder).exists() and not Path(folder).is_dir():
        return [f"output folder {folder} is a file, not a folder"]
    return []


def check_summarizer(name: str) -> list[str]:
    if name in SUMMARIZER_NAMES:
        return []
    return [f"unknown summarizer {name!r}{did_you_mean(name, SUMMARIZER_NAMES)}; "
            f"valid names: {', '.join(SUMMARIZER_NAMES)}"]


def check_page_size(size: str) -> list[str]:
    if size in PAGE_SIZES:
        return []
    return [f"unknown page size {size!r}{did_you_mean(size, PAGE_SIZES)}; valid: {', '.join(PAGE_SIZES)}"]


def check_formats(formats: tuple[str, ...]) -> list[str]:
    unknown = [f for f in formats if f not in FORMATS]
    if not formats:
        return [f"no format given; valid: {', '.join(FORMATS)}"]
    if unknown:
        hints = "".join(did_you_mean(f, FORMATS) for f in unknown)
        return [f"unknown format(s) {', '.join(map(repr, unknown))}{hints}; valid: {', '.join(FORMATS)}"]
    return []


def check_templates(folder: str | None) -> list[str]:
    return [f"templates folder not found: {folder}"] if folder is not None and not Path(folder).is_dir() else []


def check_since(since: str | None) -> list[str]:
    if since is None:
        return []
    try:
        window_start(since, datetime.now(timezone.utc))
    except ConfigError as exc:
        return [str(exc)]
    return []


def check_jobs(jobs: int) -> list[str]:
    return ["jobs must be 0 (one per core) or more"] if jobs < 0 else []


def check_wait(wait: float) -> list[str]:
    if math.isfinite(wait) and 0 <= wait <= MAX_WAIT:
        return []
    return [f"wait must be a number of seconds from 0 to {MAX_WAIT:,}, not {wait!r}"]


def check_keep(keep: int | None) -> list[str]:
    return [f"keep must be a whole number of days, 1 or more, not {keep!r}"] if keep is not None and keep < 1 else []


def check_title(title: str | None) -> list[str]:
    if title is not None and len(title) > MAX_TITLE:
        return [f"title is {len(title):,} characters long; a page title has at most {MAX_TITLE}"]
    return []


VALUE_CHECKS: dict[str, Callable[[Any], list[str]]] = {
    "inputs": check_inputs,
    "output_dir": check_output,
    "summarizer": check_summarizer,
    "page_size": check_page_size,
    "formats": check_formats,
    "templates": check_templates,
    "since": check_since,
    "jobs": check_jobs,
    "wait": check_wait,
    "keep": check_keep,
    "title": check_title,
}
"""Config field -> its checks, run once the field has the right type (``type_problem``).
The cache has none: a cache that cannot be used is a warning, the build goes on without it."""


MAX_WAIT = 86_400
"""A day: a nightly run that waits longer for the previous one has a bigger problem (NaN and infinity
would wait for ever)."""

MAX_TITLE = 200
"""Characters of a brief's title: two lines of the PDF's heading. A longer one cannot be laid out on the page."""


def build_time() -> datetime:
    """Now, unless SOURCE_DATE_EPOCH pins it (https://reproducible-builds.org/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:  # set but empty is a mistake too (and NumPy fails on it at import)
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError) as exc:
            raise ConfigError(f"SOURCE_DATE_EPOCH must be whole seconds, got {epoch!r}") from exc
    return datetime.now().astimezone()


DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def window_start(since: str, now: datetime) -> datetime:
    """The start of a time window: "24h" before ``now``, or an ISO date or time."""
    match = DURATION.match(since)
    if match:
        try:
            return now - timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
        except OverflowError:
            raise ConfigError(f"since: {since!r} reaches back before the year 1") from None
    try:
        start = datetime.fromisoformat(since.strip())
    except ValueError:
        raise ConfigError(f"since: {since!r} is neither a duration (24h, 7d, 2w, 90m) "
                          f"nor an ISO date (2026-11-20)") from None
    return start if start.tzinfo else start.replace(tzinfo=now.tzinfo or timezone.utc)


# --- brief.toml -------------------------------------------------------------------

KEYS: dict[str, type | tuple[type, ...]] = {
    "inputs": list, "output": str, "title": str, "summarizer": str, "focus": str, "since": str,
    "page_size": str, "formats": list, "templates": str, "author": str, "cache": (str, bool), "jobs": int, "wait": (int, float),
    "fresh": bool, "keep": int,
}
"""brief.toml keys and their TOML types. ``output`` is the field ``output_dir``."""

PATH_KEYS = ("inputs", "output", "templates", "cache")


def find_config_file(explicit: str | None) -> Path | None:
    """``-c PATH`` if given (it must exist), else ``brief.toml`` in the working folder if present."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        return path
    default = Path(CONFIG_FILE)
    return default if default.is_file() else None


def load_configs(path: Path | None, overrides: Mapping[str, Any], only: str | None = None) -> list[Config]:
    """The briefs a run builds: from the file (if any), with the given overrides applied.

    Raises one ConfigError listing every problem in the file and the options."""
    tables: dict[str | None, dict[str, Any]] = {None: {}}
    problems: list[str] = []
    if path is not None:
        tables, problems = read_file(path)
    if only is not None and only not in tables:
        names = ", ".join(n for n in tables if n) or "(none: the file defines one brief)"
        problems.append(f"--only {only!r}: no such brief; defined: {names}")
    several = any(name is not None for name in tables)
    configs = []
    for name, table in tables.items():
        if (several and name is None) or (only is not None and name != only):
            continue
        values = {**tables.get(None, {}), **table} if several else table
        if name is not None and "output" not in table and isinstance(values.get("output", ""), str):
            values["output"] = str(Path(values.get("output", Config.output_dir)) / name)
        config = from_values(values, name)
        config = replace(config, **{k: v for k, v in overrides.items() if v is not None})
        problems.extend(config.problems())
        configs.append(config)
    problems = list(dict.fromkeys(problems))
    if len(problems) == 1:
        raise ConfigError(problems[0])
    if problems:
        raise ConfigError(f"invalid configuration, {len(problems)} problems:\n  " + "\n  ".join(problems))
    return configs


def read_file(path: Path) -> tuple[dict[str | None, dict[str, Any]], list[str]]:
    """{None: top-level keys, name: [brief.name] keys}, paths resolved from the file's folder."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    briefs = data.pop("brief", {})
    tables: dict[str | None, dict[str, Any]] = {None: data}
    problems: list[str] = []
    if not isinstance(briefs, dict):
        problems.append(f"{path}: 'brief' must be tables: [brief.NAME]")
        briefs = {}
    for name, table in briefs.items():
        if isinstance(table, dict):
            tables[name] = table
        else:
            problems.append(f"{path}: brief.{name} must be a table")
    for name, table in tables.items():
        where = f"{path} [brief.{name}]" if name else str(path)
        problems.extend(check_keys(table, where))
        for key in PATH_KEYS:
            if key in table and not problems_for(key, table[key]):
                table[key] = resolve(path.parent, table[key])
    return tables, problems


def check_keys(table: Mapping[str, Any], where: str) -> list[str]:
    problems = []
    for key, value in table.items():
        if key not in KEYS:
            problems.append(f"{where}: unknown key {key!r}; valid keys: {', '.join(KEYS)}")
        else:
            problems.extend(f"{where}: {p}" for p in problems_for(key, value))
    return problems


def problems_for(key: str, value: Any) -> list[str]:
    expected = KEYS[key]
    if not isinstance(value, expected) or (isinstance(value, bool) and expected not in (bool, (str, bool))):
        kind = {list: "a list of strings", int: "a whole number", str: "a string", bool: "true or false",
                (str, bool): "true, false or a folder"}.get(expected, "a number")
        return [f"{key} must be {kind}, not {value!r}"]
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        return [f"{key} must be a list of strings, not {value!r}"]
    return []


def resolve(folder: Path, value: str | bool | list[str]) -> str | bool | list[str]:
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return [str(resolve(folder, v)) for v in value]
    return value if Path(value).is_absolute() else os.path.normpath(folder / value)


def from_values(values: Mapping[str, Any], name: str | None) -> Config:
    kwargs: dict[str, Any] = {"name": name}
    for key, value in values.items():
        if key not in KEYS or problems_for(key, value):
            continue  # check_keys reports it
        field = "output_dir" if key == "output" else key
        kwargs[field] = tuple(value) if isinstance(value, list) else value
    return Config(**kwargs)


STARTER = '''\
# brief.toml: the briefs `brief build` makes. Every key is optional except inputs.
# Relative paths are taken from this file's folder. Command-line flags override these values.

inputs = ["articles/my-situation"]   # folders (read recursively) and files of articles
output = "output"                    # where <date>-<slug>.md/.pdf/.json and latest.* go
# title = "My situation"             # default: from the input folder's name
summarizer = "lexrank"               # {summarizers}
# focus = "ceasefire talks"          # topic description to bias the ranking toward
# since = "24h"                      # time window: 24h, 7d, 2w, 90m or an ISO date
page_size = "A4"                     # A4 or Letter
formats = ["md", "pdf", "json"]      # any of md, pdf, json, html
# templates = "my-templates"         # folder of templates overriding the built-in ones
# author = "Situation desk"          # author in the PDF's metadata
jobs = 0                             # worker processes for per-article work; 0 = one per core
cache = true                         # keep per-article results in <output>/.cache; false, or a folder
wait = 0                             # seconds to wait for another run on the same output folder
fresh = false                        # true: ignore the previous brief (no "new since" update)
# keep = 90                          # days of dated briefs to keep (default: all)

# Several briefs in one file: one table each; the keys above become their defaults,
# and each goes to <output>/<name> unless it sets its own output.
#
# [brief.ukraine-talks]
# inputs = ["articles/ukraine-talks"]
# title = "Ukraine talks"
# since = "24h"
#
# [brief.port-strike]
# inputs = ["articles/port-strike"]
'''


def starter_file() -> str:
    return STARTER.format(summarizers=", ".join(SUMMARIZER_NAMES))

"""One frozen configuration object per brief: defaults in code, then
``brief.toml``, then command-line flags (a flag not given changes nothing).

Every option is declared once, as a field of ``Config`` carrying an ``Option``
(briefing/options.py): its type, default, help, brief.toml key, flag and checks.
The command line (cli.py), the checks of brief.toml, the starter file that
``brief init`` writes and the docs test are all derived from ``OPTIONS``.

``load_configs`` reads a file that defines one brief (top-level keys) or several
(one ``[brief.NAME]`` table each, the top-level keys being their shared
defaults) and checks every value at once: all problems are reported together,
so a nightly job fails at the start with one readable message, never half-way
through.
"""

from __future__ import annotations

import json
import math
import os
import re
import textwrap
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .names import FORMATS, PAGE_SIZES, SUMMARIZER_NAMES, did_you_mean
from .options import (
    CACHE,
    FORMAT_LIST,
    GROUPS,
    INPUTS_AND_OUTPUTS,
    MOMENT,
    NIGHTLY,
    PATH,
    PATHS,
    RANKING,
    SCHEDULER,
    SWITCH,
    TEXT,
    THE_PAGE,
    WORKERS,
    Option,
    choice,
    declared,
    number,
    whole_number,
)

__all__ = ["CONFIG_FILE", "FORMATS", "OPTIONS", "PAGE_SIZES", "Config", "load_configs", "option", "starter_file"]

CONFIG_FILE = "brief.toml"


# --- the checks of the options' values ------------------------------------------------

def check_inputs(inputs: tuple[str, ...]) -> list[str]:
    if not inputs:
        return ["no input given: name a folder or files of articles"]
    return [f"input not found: {path}" for path in inputs if not Path(path).exists()]


def check_output(folder: str) -> list[str]:
    """The output folder may not exist yet, but it may not be a file."""
    if Path(folder).exists() and not Path(folder).is_dir():
        return [f"output folder {folder} is a file, not a folder"]
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


MAX_WAIT = 86_400
"""A day: a nightly run that waits longer for the previous one has a bigger problem (NaN and infinity
would wait for ever)."""

MAX_TITLE = 200
"""Characters of a brief's title: two lines of the PDF's heading. A longer one cannot be laid out on the page."""


# --- the options --------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    """The options of one brief. Each field is one option, declared here once: its
    help, default, brief.toml key, flag and checks (``Option``, briefing/options.py).

    From Python, a field takes the obvious spellings of its value: one path (a string
    or ``pathlib.Path``) or several for ``inputs``, "md,pdf" or a list for
    ``formats``, names in any case, numbers as decimal strings (an environment
    variable's value). Anything else is reported with every other problem by
    ``problems()``, or as one ConfigError by ``validated()``: never a TypeError.
    """

    name: str | None = Option(
        TEXT, None, "name of the brief in a file that defines several (its [brief.NAME] table)",
    ).as_field()

    inputs: tuple[str, ...] = Option(
        PATHS, (), "folders and files of articles; folders are read recursively",
        group=INPUTS_AND_OUTPUTS, flags=(), metavar="INPUT", default_words="the inputs of brief.toml",
        example=("articles/my-situation",), check=check_inputs,
    ).as_field()
    output_dir: str = Option(
        PATH, "output", "output folder: <date>-<slug>.md/.pdf/.json, latest.*, index.html and feed.atom",
        group=INPUTS_AND_OUTPUTS, key="output", flags=("-o", "--output"), metavar="DIR", check=check_output,
    ).as_field()
    since: str | None = Option(
        TEXT, None, "only articles published in this window (or, undated, modified in it): 24h, 7d, 2w, 90m "
        "or an ISO date", group=INPUTS_AND_OUTPUTS, metavar="WINDOW", example="24h", check=check_since,
    ).as_field()
    formats: tuple[str, ...] = Option(
        FORMAT_LIST, ("md", "pdf", "json"), f"outputs to write, any of {', '.join(FORMATS)}; on the command line, "
        "comma-separated", group=INPUTS_AND_OUTPUTS, flags=("--format",), metavar="LIST",
    ).as_field()
    cache: str | bool = Option(  # no check: a cache that cannot be used is a warning, and the build goes on
        CACHE, True, "folder for the per-article results kept between runs",
        group=INPUTS_AND_OUTPUTS, metavar="DIR", default_words="OUTPUT/.cache", off="analyse every article afresh",
    ).as_field()

    summarizer: str = Option(
        choice(SUMMARIZER_NAMES), "lexrank", f"per-article ranker: {', '.join(SUMMARIZER_NAMES)}",
        group=RANKING, metavar="NAME", commands=("build", "summarize"),
    ).as_field()
    focus: str | None = Option(
        TEXT, None, "topic description to bias the ranking toward", group=RANKING, metavar="TEXT",
        example="ceasefire talks", commands=("build", "summarize"),
    ).as_field()

    jobs: int = Option(
        whole_number(), 0, "worker processes for per-article work; more than the cores this run may use, or than "
        "one per 16 articles, would not help and are not started; the result does not depend on it",
        group=WORKERS, flags=("-j", "--jobs"), metavar="N", default_words="one per core", check=check_jobs,
        commands=("build", "summarize"),
    ).as_field()
    scheduler: str | None = Option(
        SCHEDULER, None, "address of a Dask scheduler (tcp://HOST:PORT) that runs the per-file and per-article "
        'work; needs the optional extra: pip install "situation-brief[dask]"',
        group=WORKERS, metavar="ADDRESS", default_words="this machine's cores", example="tcp://10.0.0.5:8786",
    ).as_field()

    title: str | None = Option(
        TEXT, None, f"title of the brief, at most {MAX_TITLE} characters", group=THE_PAGE,
        default_words="from the input folder's name", example="My situation", check=check_title,
    ).as_field()
    page_size: str = Option(
        choice(PAGE_SIZES), "A4", f"PDF paper size: {' or '.join(PAGE_SIZES)}", group=THE_PAGE, metavar="SIZE",
    ).as_field()
    templates: str | None = Option(
        PATH, None, "folder of templates overriding the built-in ones; those it lacks fall back",
        group=THE_PAGE, metavar="DIR", example="my-templates", check=check_templates,
    ).as_field()
    author: str = Option(
        TEXT, "briefing", "author in the PDF's and the HTML's metadata", group=THE_PAGE,
    ).as_field()

    wait: float = Option(
        number(" of seconds"), 0.0, f"seconds to wait for another run on the same output folder to finish, "
        f"at most {MAX_WAIT:,}", group=NIGHTLY, metavar="SECONDS", check=check_wait,
    ).as_field()
    fresh: bool = Option(
        SWITCH, False, "ignore the previous brief in the output folder: a first night's brief, not an update "
        "that leads with what is new since then", group=NIGHTLY,
    ).as_field()
    keep: int | None = Option(
        whole_number(" of days"), None, "days of dated briefs to keep: older ones are deleted from the folder "
        "and its archive after each build", group=NIGHTLY, metavar="DAYS", default_words="keep all", example=90,
        check=check_keep,
    ).as_field()

    generated_at: datetime | None = Option(
        MOMENT, None, "build time shown in the brief and used in file names; default: now, or "
        "SOURCE_DATE_EPOCH when set (reproducible builds)",
    ).as_field()

    def __post_init__(self) -> None:
        """Take the obvious spellings of a value (each kind's ``convert``). Anything else
        is kept as given for ``problems`` to report."""
        for each in OPTIONS:
            object.__setattr__(self, each.name, each.kind.convert(getattr(self, each.name)))

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

    def written_folders(self) -> list[str]:
        """The folders a build writes (the output folder, the cache): never read as inputs."""
        return [folder for folder in (self.output_dir, self.cache_folder()) if folder]

    def problems(self) -> list[str]:
        """Every problem, one sentence each ([] for a valid config). Never raises: a
        field of the wrong type is reported as such and its other checks are skipped."""
        where = f"brief {self.name!r}: " if self.name else ""
        return [where + problem for each in OPTIONS for problem in each.problems(getattr(self, each.name))]


OPTIONS: tuple[Option, ...] = declared(Config)
"""Every option, in the order of the fields (and of ``brief build --help`` within a group)."""

NAMED = {each.name: each for each in OPTIONS}
KEYED = {each.toml_key: each for each in OPTIONS if each.toml_key}
"""brief.toml key -> its option."""


def option(name: str) -> Option:
    """The option of the Config field ``name``."""
    return NAMED[name]


OUTPUT = option("output_dir")
"""A file that defines several briefs puts each in its own folder inside this one."""


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
        if name is not None:
            values = with_own_output(values, table, name)
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
        for key, value in table.items():
            if key in KEYED and KEYED[key].kind.paths and not KEYED[key].toml_problem(value):
                table[key] = resolve(path.parent, value)
    return tables, problems


def with_own_output(values: dict[str, Any], table: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A brief of a file that defines several goes to OUTPUT/NAME, unless its own table names its output."""
    key, default = OUTPUT.toml_key or "", OUTPUT.default
    if key in table or not isinstance(values.get(key, default), str):
        return values  # a wrong type is reported by check_keys
    return {**values, key: str(Path(values.get(key, default)) / name)}


def check_keys(table: Mapping[str, Any], where: str) -> list[str]:
    problems = []
    for key, value in table.items():
        if key not in KEYED:
            problems.append(f"{where}: unknown key {key!r}{did_you_mean(key, list(KEYED))}; "
                            f"valid keys: {', '.join(KEYED)}")
        elif problem := KEYED[key].toml_problem(value):
            problems.append(f"{where}: {problem}")
    return problems


def resolve(folder: Path, value: str | bool | list[str]) -> str | bool | list[str]:
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return [str(resolve(folder, v)) for v in value]
    return value if Path(value).is_absolute() else os.path.normpath(folder / value)


def from_values(values: Mapping[str, Any], name: str | None) -> Config:
    """The Config of a brief.toml table; keys that check_keys reports are left out."""
    fields = {KEYED[key].name: value for key, value in values.items()
              if key in KEYED and not KEYED[key].toml_problem(value)}
    return Config(name=name, **fields)


# --- the starter file of `brief init` ------------------------------------------------

STARTER_HEAD = """\
# brief.toml: the briefs `brief build` makes. Every key is optional except inputs.
# Relative paths are taken from this file's folder. Command-line flags override these values.
# A key that is commented out has its default."""

STARTER_TAIL = """\
# --- several briefs in one file

# One table each; the keys above become their defaults, and each goes to
# <output>/<name> unless it sets its own output.
#
# [brief.ukraine-talks]
# inputs = ["articles/ukraine-talks"]
# title = "Ukraine talks"
# since = "24h"
#
# [brief.port-strike]
# inputs = ["articles/port-strike"]
"""

STARTER_WIDTH = 88


def starter_file() -> str:
    """A commented brief.toml with every key, grouped as ``brief build --help`` groups the flags."""
    parts = [STARTER_HEAD]
    for group in GROUPS:
        parts.append(f"# --- {group}")
        parts.extend(starter_entry(each) for each in OPTIONS if each.group == group and each.toml_key)
    parts.append(STARTER_TAIL)
    return "\n\n".join(parts)


def starter_entry(each: Option) -> str:
    """The option's help as a comment, then its key: set to the default, or commented out with an
    example where the default is None (and set to the example where there is no other: inputs)."""
    suggests = each.example is not None and each.default is not None
    comment = ("true: " if each.kind is SWITCH else "") + each.help
    if each.default_words and not suggests:
        comment += f" (default: {each.default_words})"
    if each.off:
        comment += f"; false: {each.off}"
    line = f"{each.toml_key} = {toml_value(each.default if each.example is None else each.example)}"
    lines = textwrap.wrap(comment, STARTER_WIDTH, initial_indent="# ", subsequent_indent="# ", break_on_hyphens=False)
    return "\n".join([*lines, ("# " if each.default is None else "") + line])


def toml_value(value: Any) -> str:
    """``value`` as TOML writes it (the types an option's value has)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)

"""How an option of a brief is declared: once, as a field of ``Config`` that carries an
``Option`` (briefing/config.py). Everything else is derived from that one declaration:
the flag of ``brief build`` and its help, the brief.toml key and its type check, the
entry of the starter file that ``brief init`` writes, the conversion of the obvious
Python spellings, and the checks every value passes whichever way it came
(tests/test_docs.py checks that the README names every flag and key).

A ``Kind`` is the type of a value in its three spellings: a Python value
(``Config(jobs="2")``), a TOML value (``jobs = 2``) and command-line text (``--jobs 2``).

Light on purpose: ``brief --help`` builds its parser from these declarations, so this
module imports nothing but the standard library and ``names``.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from .names import FORMATS, canonical, did_you_mean, unknown_choice

__all__ = ["GROUPS", "Kind", "Option", "choice", "number", "whole_number"]

OPTION = "option"
"""The key of a Config field's metadata that holds its Option."""

INPUTS_AND_OUTPUTS = "inputs and outputs"
RANKING = "ranking"
WORKERS = "workers"
THE_PAGE = "the page"
NIGHTLY = "nightly operation"
GROUPS = (INPUTS_AND_OUTPUTS, RANKING, WORKERS, THE_PAGE, NIGHTLY)
"""The sections of ``brief build --help`` and of the starter brief.toml, in this order."""

NoneType = type(None)


def unchanged(value: Any) -> Any:
    return value


def no_problems(value: Any, what: str = "") -> list[str]:
    return []


@dataclass(frozen=True)
class Kind:
    """A type of option value."""

    words: str
    """How a message names the Python type: "jobs must be **a whole number**, not 'x'"."""

    types: tuple[type, ...]
    """The Python types a value may have once converted (and None where the default is None).
    A tuple or list holds strings; ``bool`` fits only where it is named (True is no number here)."""

    toml_words: str
    toml_types: tuple[type, ...]
    """The same for a value in brief.toml, which has types of its own: a list, not one string."""

    convert: Callable[[Any], Any] = unchanged
    """The obvious spellings made into the value: command-line text, a string from an environment
    variable, a ``pathlib.Path``, a list. Anything else is returned as given, for the checks to report."""

    check: Callable[[Any, str], list[str]] = no_problems
    """The problems of a value of the right type that still is no value of this kind (an unknown
    name), given the option's label ("page size"). The command line reports them as it parses."""

    paths: bool = False
    """Its strings are paths: relative ones in brief.toml are taken from the file's folder."""


@dataclass(frozen=True)
class Option:
    """One option: all that is known about it, in one place (a field of ``Config``)."""

    kind: Kind
    default: Any
    help: str
    """One line for ``--help``, the comment of the starter file and the reader of config.py."""

    group: str | None = None
    """Its section of ``brief build --help`` (one of ``GROUPS``); None for a field only Python
    sets, which has no flag and no brief.toml key."""

    default_words: str = ""
    """How to say the default where its value does not say it ("one per core" for 0)."""

    key: str | None = ""
    """Its brief.toml key: "" for the field's name, None for none."""

    flags: tuple[str, ...] | None = None
    """Its command-line flags: None for ``--KEY`` (``_`` written ``-``); () for the positional
    arguments (any number of them)."""

    metavar: str | None = None
    """How ``--help`` names its value (DIR); None for the field's name in capitals."""

    off: str = ""
    """Help of ``--no-FLAG``, which sets the option to False, when it has one."""

    check: Callable[[Any], list[str]] = no_problems
    """Its own rules for a value of the right kind (an input must exist): one sentence a problem."""

    example: Any = None
    """A value the starter file suggests where the default is no value to show (None, no inputs)."""

    commands: tuple[str, ...] = ("build",)
    """The commands that take it on the command line (``brief summarize`` shares the ranking ones)."""

    name: str = ""
    """The Config field: set from the field this option is declared on (see ``declared``)."""

    def as_field(self) -> Any:
        """This option as the declaration of a Config field: its default, and itself as metadata."""
        return dataclasses.field(default=self.default, metadata={OPTION: self})

    @property
    def toml_key(self) -> str | None:
        if self.group is None or self.key is None:
            return None
        return self.key or self.name

    @property
    def cli_flags(self) -> tuple[str, ...]:
        if self.group is None:
            return ()
        if self.flags is not None:
            return self.flags
        return ("--" + (self.key or self.name).replace("_", "-"),)

    @property
    def positional(self) -> bool:
        return self.group is not None and not self.cli_flags

    @property
    def label(self) -> str:
        """How a message names it: "page size"."""
        return (self.toml_key or self.name).replace("_", " ")

    def shown_default(self) -> str:
        """The default as ``--help`` says it: its words, or its value as one would type it ("" for none)."""
        value = self.default
        if self.default_words or value is None or isinstance(value, bool):
            return self.default_words
        if isinstance(value, tuple):
            return ",".join(value)
        return f"{value:g}" if isinstance(value, float) else str(value)

    def type_problem(self, value: Any) -> str:
        """"jobs must be a whole number, not 'x'", or "" when the (converted) value has the option's type."""
        types = self.kind.types + ((NoneType,) if self.default is None else ())
        return "" if fits(value, types) else f"{self.name} must be {self.kind.words}, not {value!r}"

    def toml_problem(self, value: Any) -> str:
        """The same for a value read from brief.toml, named by its key."""
        if fits(value, self.kind.toml_types):
            return ""
        return f"{self.toml_key} must be {self.kind.toml_words}, not {value!r}"

    def spelling_problems(self, value: Any) -> list[str]:
        """What makes a (converted) value no value of the option's kind: a wrong type, an unknown name."""
        problem = self.type_problem(value)
        if problem or value is None:  # None: not set, where that is allowed
            return [problem] if problem else []
        return self.kind.check(value, self.label)

    def problems(self, value: Any) -> list[str]:
        """Every problem of a (converted) value, one sentence each; [] for a valid one. The option's
        own checks run only on a value of the right type."""
        spelling = self.spelling_problems(value)
        if spelling or value is None:
            return spelling
        return self.check(value)


def declared(config_class: type) -> tuple[Option, ...]:
    """The options declared as the fields of ``config_class``, in their order, each knowing its field."""
    return tuple(dataclasses.replace(f.metadata[OPTION], name=f.name)
                 for f in dataclasses.fields(config_class) if OPTION in f.metadata)


def fits(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in types:
        return False
    if isinstance(value, (tuple, list)):
        return isinstance(value, types) and all(isinstance(item, str) for item in value)
    return isinstance(value, types)


# --- the obvious spellings -------------------------------------------------------

WHOLE_NUMBER = re.compile(r"\s*[+-]?\d+\s*")
DECIMAL_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*")
"""Numbers as a person writes them; "1e3", "inf" and "nan" stay strings and are reported."""


def as_path(value: Any) -> Any:
    path = os.fspath(value) if isinstance(value, os.PathLike) else value
    return path if isinstance(path, str) else value


def as_paths(value: Any) -> Any:
    """One path (a string or ``os.PathLike``) or several; None is none."""
    if value is None:
        return ()
    if isinstance(value, (str, os.PathLike)):
        return (as_path(value),)
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return tuple(as_path(v) for v in value)
    return value


def as_cache(value: Any) -> Any:
    return value if isinstance(value, bool) else as_path(value)


def as_choice(value: Any, choices: Iterable[str]) -> Any:
    return (canonical(value, choices) or value) if isinstance(value, str) else value


def as_formats(value: Any) -> Any:
    """A list, or one string "md,pdf"; names in any case."""
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return tuple(as_choice(v, FORMATS) for v in value)
    return value


def as_number(value: Any, pattern: re.Pattern[str], kind: Callable[[str], Any]) -> Any:
    return kind(value) if isinstance(value, str) and pattern.fullmatch(value) else value


# --- the kinds ----------------------------------------------------------------------

def check_choice(names: tuple[str, ...], value: str, what: str) -> list[str]:
    return [] if value in names else [unknown_choice(value, names, what)]


def check_formats(formats: tuple[str, ...], what: str = "format") -> list[str]:
    unknown = [f for f in formats if f not in FORMATS]
    if not formats:
        return [f"no format given; valid: {', '.join(FORMATS)}"]
    if unknown:
        hints = "".join(did_you_mean(f, FORMATS) for f in unknown)
        return [f"unknown format(s) {', '.join(map(repr, unknown))}{hints}; valid: {', '.join(FORMATS)}"]
    return []


SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss")
"""Dask's network transports (distributed.comm): plain TCP, TLS, and WebSockets with and without TLS."""

ADDRESS = re.compile(r"(?P<scheme>[a-z]+)://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)"
                     r":(?P<port>\d{1,5})")
"""SCHEME://HOST:PORT, the host a name, an IPv4 address or a bracketed IPv6 one."""


def check_address(address: str, what: str) -> list[str]:
    match = ADDRESS.fullmatch(address)
    if match and match["scheme"] in SCHEDULER_SCHEMES and 1 <= int(match["port"]) <= 65_535:
        return []
    return [f"{what} must be an address SCHEME://HOST:PORT such as tcp://10.0.0.5:8786 (scheme "
            f"{', '.join(SCHEDULER_SCHEMES[:-1])} or {SCHEDULER_SCHEMES[-1]}, port 1 to 65535), not {address!r}"]


TEXT = Kind("a string", (str,), "a string", (str,))
PATH = Kind("a path", (str,), "a string", (str,), convert=as_path, paths=True)
PATHS = Kind("a path or a list of paths", (tuple,), "a list of strings", (list,), convert=as_paths, paths=True)
FORMAT_LIST = Kind("a list of formats or one string such as 'md,pdf'", (tuple,), "a list of strings", (list,),
                   convert=as_formats, check=check_formats)
CACHE = Kind("True, False or a path", (str, bool), "true, false or a folder", (str, bool), convert=as_cache,
             paths=True)
SWITCH = Kind("True or False", (bool,), "true or false", (bool,))
"""On the command line, a flag that takes no value."""
MOMENT = Kind("a datetime", (datetime,), "", ())
SCHEDULER = Kind("an address such as 'tcp://HOST:PORT'", (str,), "a string", (str,), check=check_address)


def choice(names: tuple[str, ...]) -> Kind:
    """One of ``names``, in any case."""
    return Kind(f"one of {', '.join(names)}", (str,), "a string", (str,), convert=partial(as_choice, choices=names),
                check=partial(check_choice, names))


def whole_number(unit: str = "") -> Kind:
    """An int; "2" from text. ``unit``: " of days"."""
    words = f"a whole number{unit}"
    return Kind(words, (int,), words, (int,), convert=partial(as_number, pattern=WHOLE_NUMBER, kind=int))


def number(unit: str = "") -> Kind:
    """An int or a float; "1.5" from text."""
    words = f"a number{unit}"
    return Kind(words, (int, float), words, (int, float),
                convert=partial(as_number, pattern=DECIMAL_NUMBER, kind=float))

"""The ``brief`` command. Thin: parse options, load the config, call the library,
turn library errors into one-line messages and exit codes (0 / 1 / 2)."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import CONFIG_FILE, OPTIONS, Config, build_time, find_config_file, load_configs, starter_file
from .errors import BriefingError, ConfigError, OutputError, Stopped
from .names import SUMMARY_ORDERS, canonical, did_you_mean, unknown_choice
from .options import GROUPS, INPUTS_AND_OUTPUTS, NIGHTLY, SWITCH, Option
from .version import __version__

if TYPE_CHECKING:
    from .run import Runner

log = logging.getLogger("briefing")

EXIT_STATUS = """\
exit status: 0 brief written (skipped inputs are warnings); 1 no brief could be
made (no usable article, another run holds the output folder, the output cannot
be written, rendering failed); 2 usage or configuration error. With several
briefs, the worst status of them all.
"""

BUILD_EXAMPLE = """\
examples:
  brief build articles/ukraine-talks
  brief build articles/ukraine-talks -o /srv/briefs --title "Ukraine talks" --since 24h
  brief build -c /srv/briefs/brief.toml --quiet      # every brief the file defines
  brief build --only ukraine-talks                    # one brief of ./brief.toml

file types read (folders recursively, hidden files ignored):
  {file_types}
  anything else is skipped with a warning.

""" + EXIT_STATUS

SUMMARIZE_EXAMPLE = """\
example:
  brief summarize docs/*.txt --words 100
"""

INIT_EXAMPLE = """\
example:
  brief init && $EDITOR brief.toml && brief build
"""

def parser() -> argparse.ArgumentParser:
    """The whole command line. Cheap to build: it imports none of NumPy, NLTK, sumy,
    SciPy or WeasyPrint, so ``brief --help`` and ``brief --version`` answer at once."""
    top = argparse.ArgumentParser(prog="brief", description="One-page extractive situation briefs "
                                  "from a folder of news articles.", epilog=EXIT_STATUS,
                                  formatter_class=wide_help)
    top.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    add_build_command(commands)
    add_summarize_command(commands)
    add_init_command(commands)
    return top


def wide_help(prog: str) -> argparse.HelpFormatter:
    """Room for "summarize" beside its help; epilogs kept as written."""
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=30)


def add_build_command(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser("build", help="build the brief(s): Markdown, PDF and JSON",
                                description="Build the brief(s): Markdown, PDF and JSON, written atomically\n"
                                "into the output folder; their paths are printed one a line.",
                                epilog=BUILD_EXAMPLE.format(file_types=" ".join(file_types())),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    options = taking("build")
    groups = {title: build.add_argument_group(title) for title in GROUPS}
    io = groups[INPUTS_AND_OUTPUTS]
    add_options(io, [each for each in options if each.positional], given_only=True)
    io.add_argument("-c", "--config", metavar="PATH", help=f"config file (default: ./{CONFIG_FILE} if present)")
    io.add_argument("--only", metavar="NAME", help="build only this brief of the config file")
    for title, group in groups.items():
        add_options(group, [each for each in options if each.group == title and not each.positional], given_only=True)
    groups[NIGHTLY].add_argument("--strict", action="store_true", help="exit 1 if any input was skipped")
    add_logging_options(build.add_argument_group("logging"))


def add_summarize_command(commands: argparse._SubParsersAction) -> None:
    summary = commands.add_parser("summarize", help="print a multi-document summary, one sentence a line",
                                  description="Print a multi-document extractive summary within a word\n"
                                  "budget, one sentence a line.",
                                  epilog=SUMMARIZE_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    summary.add_argument("inputs", nargs="+", metavar="INPUT", help="folders or files of articles")
    summary.add_argument("--words", type=int, required=True, metavar="N", help="word budget (whole sentences)")
    summary.add_argument("--order", type=choice_option(SUMMARY_ORDERS, "order"), default="source",
                         metavar="ORDER", help="source: by article (in input order), then as the article "
                         "has them (default); rank: best first")
    add_options(summary, taking("summarize"), given_only=False)
    add_logging_options(summary)


def add_init_command(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help=f"write a commented starter {CONFIG_FILE}",
                               description=f"Write a commented starter {CONFIG_FILE} with every key.",
                               epilog=INIT_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    init.add_argument("path", nargs="?", default=CONFIG_FILE, help=f"where to write it (default: {CONFIG_FILE})")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")


def taking(command: str) -> list[Option]:
    """The options of ``Config`` that ``command`` takes on the command line."""
    return [each for each in OPTIONS if each.group is not None and command in each.commands]


def add_options(group: argparse._ActionsContainer, options: Iterable[Option], given_only: bool) -> None:
    """One argument per option, named as its Config field. ``given_only``: a flag not given is None
    (it changes nothing in the config it overrides); otherwise it is the option's default."""
    for each in options:
        default = None if given_only else each.default
        if each.positional:
            group.add_argument(each.name, nargs="*", metavar=each.metavar, default=default, help=help_of(each))
        elif each.kind is SWITCH:
            group.add_argument(*each.cli_flags, dest=each.name, action="store_true", default=default,
                               help=help_of(each))
        else:
            group.add_argument(*each.cli_flags, dest=each.name, metavar=each.metavar, type=value_of(each),
                               default=default, help=help_of(each))
        if each.off:
            group.add_argument("--no-" + each.cli_flags[-1].lstrip("-"), dest=each.name, action="store_false",
                               default=default, help=each.off)


def help_of(each: Option) -> str:
    default = each.shown_default()
    text = f"{each.help} (default: {default})" if default else each.help
    return text.replace("%", "%%")  # argparse formats help with %


def value_of(each: Option) -> Callable[[str], Any]:
    """An argparse type: the text as the option's value, or a usage error saying what is wrong with
    it (a near miss names the closest choice). Its other checks wait for the whole config."""
    def parse(text: str) -> Any:
        value = each.kind.convert(text)
        problems = each.spelling_problems(value)
        if problems:
            raise argparse.ArgumentTypeError(problems[0])
        return value
    return parse


def given_options(args: argparse.Namespace) -> dict[str, Any]:
    """Config field -> the value of its flag, for the flags given (no INPUT is none given)."""
    values = {each.name: getattr(args, each.name) for each in taking("build")}
    return {name: value for name, value in values.items() if value is not None and value != []}


def add_logging_options(group: argparse._ActionsContainer) -> None:
    loudness = group.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only (for cron)")
    loudness.add_argument("-v", "--verbose", action="store_true", help="print progress too")
    group.add_argument("--log-format", metavar="FORMAT", type=choice_option(("text", "json"), "log format"),
                       default="text", help="text lines (default), or json: one JSON object a line "
                       "for log shippers")


def file_types() -> list[str]:
    """The file suffixes the readers take, from the readers' registry (a light import)."""
    from .load import READERS

    return list(READERS)


def choice_option(names: Sequence[str], what: str) -> Callable[[str], str]:
    """An argparse type: one of ``names`` in any case, or an error naming the closest."""
    def parse(value: str) -> str:
        found = canonical(value, names)
        if found is None:
            raise argparse.ArgumentTypeError(unknown_choice(value, names, what))
        return found
    return parse


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line; usage errors exit 2 with a "did you mean" for a
    mistyped command or option. ``brief`` alone prints the help to stderr and exits
    2: no command is a usage error, and stdout carries only results (paths, sentences)."""
    top = parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if not words:
        top.print_help(sys.stderr)
        raise SystemExit(2)
    commands = subcommands(top)
    command = next((w for w in words if not w.startswith("-")), None)
    if command is not None and command not in commands:
        top.error(f"unknown command {command!r}{did_you_mean(command, list(commands))}; "
                  f"valid: {', '.join(commands)}")
    args, extras = top.parse_known_args(words)
    if args.command is None:
        top.error(f"no command given; valid: {', '.join(commands)}")
    if extras:
        commands[args.command].error(unrecognized(extras, commands[args.command]))
    return args


def subcommands(top: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def unrecognized(extras: Sequence[str], command: argparse.ArgumentParser) -> str:
    """ "unrecognized option --ouput (did you mean --output?)", one for each mistyped option."""
    options = [o for action in command._actions for o in action.option_strings if o.startswith("--")]
    mistyped = [word.split("=", 1)[0] for word in extras if word.startswith("-")]
    if not mistyped:
        return f"unrecognized arguments: {' '.join(extras)}"
    return "; ".join(f"unrecognized option {word}{did_you_mean(word, options)}" for word in mistyped)


class Lines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"brief: {record.levelname.lower()}: {record.getMessage()}"


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname.lower(),
                           "message": record.getMessage()}, ensure_ascii=False)


def configure_logging(args: argparse.Namespace) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if getattr(args, "log_format", "text") == "json"
                         else Lines())
    level = logging.ERROR if getattr(args, "quiet", False) else (
        logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
    for noisy in ("fontTools", "weasyprint", "trafilatura", "htmldate"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (see ``EXIT_STATUS``)."""
    try:
        # Before anything imports NumPy: its f2py module reads SOURCE_DATE_EPOCH at
        # import and fails with a traceback on a value that is not whole seconds.
        build_time()
    except ConfigError as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        return exc.exit_status
    args = parse_args(argv)
    configure_logging(args)
    with cycle_collector_off():
        return run(args)


@contextmanager
def cycle_collector_off() -> Iterator[None]:
    """A command is one short run whose objects live to its end: the cycle collector
    would only walk them (a full pass over a 10,000-article run's objects takes a
    second) and find little to free. See pipeline.cycle_collection_paused. On again
    afterwards, for a program that calls ``main`` and goes on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(args: argparse.Namespace) -> int:
    """The command's exit status; an expected failure becomes one line on stderr."""
    received: list[int] = []
    try:
        with stop_signals_raise(received):
            status = COMMANDS[args.command](args)
        if received:  # Python drops an exception raised inside a finaliser: the stop came too late
            raise Stopped(received[0])
        return status
    except BriefingError as exc:
        log.error("%s", exc)
        return exc.exit_status
    except KeyboardInterrupt:
        log.error("interrupted; nothing half-written was left in the output folder")
        return 128 + signal.SIGINT
    except Stopped as exc:
        log.error("stopped by %s; nothing half-written was left in the output folder", exc)
        return 128 + exc.signum
    except BrokenPipeError:  # `brief summarize ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that exit's flush is quiet
        return 1
    except OSError as exc:  # the system's refusal (a full disk, a folder gone), not a bug: say which file
        log.error("%s", system_error(exc))
        return 1
    except Exception:  # noqa: BLE001 (last resort: report a bug without a traceback on screen)
        return report_crash()


STOP_SIGNALS = ("SIGTERM", "SIGHUP")
"""What `timeout`, `systemctl stop` and a dropped SSH session send: the run stops as
it does on Ctrl-C (workers killed, temporary files removed, the lock released)."""


@contextmanager
def stop_signals_raise(received: list[int]) -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``Stopped`` in the main thread while the command runs,
    and are noted in ``received``."""

    def stop(signum: int, frame: object) -> None:
        received.append(signum)
        raise Stopped(signum)

    numbers = [getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)]
    previous = {n: signal.signal(n, stop) for n in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_build(args: argparse.Namespace) -> int:
    path = None if args.inputs and not args.config else find_config_file(args.config)
    if args.only and path is None:
        raise ConfigError(f"--only needs a config file: none given and no ./{CONFIG_FILE}")
    from .run import Runner

    shared = Runner()  # the briefs of one file reuse each other's per-file and per-article results
    status = 0
    for config in load_configs(path, given_options(args), args.only):
        status = max(status, build_one(config, args.strict, shared))
    return status


def build_one(config: Config, strict: bool, shared: Runner) -> int:
    """Build one brief; its failure is logged and returned, so the others still run."""
    from .pipeline import build_brief

    prefix = f"{config.name}: " if config.name else ""
    try:
        brief = build_brief(config, shared)
    except BriefingError as exc:
        log.error("%s%s", prefix, exc)
        return exc.exit_status
    print("\n".join(brief.written), flush=True)
    if strict and brief.skipped:
        log.error("%s--strict: %d input(s) skipped", prefix, len(brief.skipped))
        return 1
    return 0


def run_summarize(args: argparse.Namespace) -> int:
    if args.words < 1:
        raise ConfigError("--words must be a positive number")
    from .pipeline import summarize

    for sentence in summarize(args.inputs, args.words, args.summarizer, args.focus, args.jobs, order=args.order):
        print(sentence)
    return 0


def run_init(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.is_dir():
        raise ConfigError(f"{path} is a folder; name the file to write, such as {path / CONFIG_FILE}")
    if path.exists() and not args.force:
        raise ConfigError(f"{path} exists already; pass --force to overwrite it")
    try:
        path.write_text(starter_file(), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {why_unwritable(path, exc)}") from exc
    print(path)
    return 0


COMMANDS = {"build": run_build, "summarize": run_summarize, "init": run_init}


def why_unwritable(path: Path, exc: OSError) -> str:
    if not path.parent.is_dir():
        return f"there is no folder {path.parent}" + ("" if path.parent.exists() else "; create it first")
    return exc.strerror or str(exc)


def system_error(exc: OSError) -> str:
    """ "No space left on device: /srv/briefs/x.pdf" (the OS's words, and the file)."""
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    return ": ".join([exc.strerror or str(exc), *names])


def report_crash() -> int:
    """An unexpected error is a bug: save the traceback, say where to report it."""
    with tempfile.NamedTemporaryFile("w", prefix="brief-crash-", suffix=".txt", delete=False) as out:
        out.write(f"briefing {__version__}\nargv: {sys.argv}\n\n{traceback.format_exc()}")
    kind, value = sys.exc_info()[:2]
    log.error("internal error (%s: %s). This is a bug in briefing %s: please report it %s, with the command "
              "you ran and the file %s (the traceback)", kind.__name__ if kind else "?", value, __version__,
              where_to_report(), out.name)
    return 1


DISTRIBUTION = "situation-brief"
"""The name the package is installed under (pyproject.toml's [project] name)."""


def where_to_report() -> str:
    """The issue tracker the installed package names ([project.urls] Issues in
    pyproject.toml), or, while it names none, the people who installed it."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata(DISTRIBUTION).get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().casefold() in ("issues", "bug tracker", "tracker"):
            return f"at {url.strip()}"
    return "to whoever maintains briefing on this machine"


def entry() -> None:
    """The ``brief`` command: ``main()``, then leave without tearing the heap down.
    Everything is written, closed and flushed by then; freeing a 10,000-article
    run's objects one by one at exit took over a second (benchmarks/speed.py)."""
    status = main()
    logging.shutdown()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away before the last lines: they were not delivered
        status = status or 1
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    entry()

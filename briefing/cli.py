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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .config import CONFIG_FILE, build_time, find_config_file, load_configs, starter_file
from .errors import BriefingError, ConfigError, Stopped
from .version import __version__

log = logging.getLogger("briefing")

BUILD_EXAMPLE = """\
examples:
  brief build articles/ukraine-talks
  brief build articles/ukraine-talks -o /srv/briefs --title "Ukraine talks" --since 24h
  brief build -c /srv/briefs/brief.toml --quiet      # every brief the file defines
  brief build --only ukraine-talks                    # one brief of ./brief.toml

exit status: 0 brief written (skipped inputs are warnings); 1 no brief could be
made (no usable article, another run holds the output folder, the output cannot
be written, rendering failed); 2 usage or configuration error. With several
briefs, the worst status of them all.
"""

SUMMARIZE_EXAMPLE = """\
example:
  brief summarize docs/*.txt --words 100
"""

INIT_EXAMPLE = """\
example:
  brief init && $EDITOR brief.toml && brief build
"""


def parser() -> argparse.ArgumentParser:
    from .rank import SUMMARIZERS  # the registry lives with the rankers

    top = argparse.ArgumentParser(prog="brief", description="One-page extractive situation briefs "
                                  "from a folder of news articles.")
    top.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the brief(s): Markdown, PDF and JSON",
                                epilog=BUILD_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("inputs", nargs="*", metavar="INPUT",
                       help="folders or files of articles (default: the inputs of brief.toml)")
    build.add_argument("-c", "--config", metavar="PATH", help=f"config file (default: ./{CONFIG_FILE} if present)")
    build.add_argument("--only", metavar="NAME", help="build only this brief of the config file")
    build.add_argument("-o", "--output", help="output folder (default: output/)")
    build.add_argument("--title", help="title of the brief (default: from the input folder's name)")
    build.add_argument("--since", metavar="WINDOW", help="only articles of this window: 24h, 7d, 2w or an ISO date")
    add_ranking_options(build, SUMMARIZERS)
    build.add_argument("--format", metavar="LIST", help="outputs, comma-separated: md,pdf,json,html "
                       "(default: md,pdf,json)")
    build.add_argument("--page-size", choices=("A4", "Letter"), help="PDF paper size (default: A4)")
    build.add_argument("--templates", metavar="DIR", help="folder of templates overriding the built-in ones")
    add_jobs_option(build)
    build.add_argument("--cache", metavar="DIR", help="folder for per-article results kept between runs "
                       "(default: OUTPUT/.cache)")
    build.add_argument("--no-cache", dest="cache", action="store_false", help="analyse every article afresh")
    build.add_argument("--author", help="author in the PDF's metadata (default: briefing)")
    build.add_argument("--wait", type=float, metavar="SECONDS",
                       help="wait this long for another run on the same output folder (default: 0)")
    build.add_argument("--fresh", action="store_true", default=None,
                       help="ignore the previous brief in the output folder (no update: a first night's brief)")
    build.add_argument("--keep", type=int, metavar="DAYS",
                       help="delete dated briefs older than this many days from the folder and archive "
                       "(default: keep all)")
    build.add_argument("--strict", action="store_true", help="exit 1 if any input was skipped")
    add_logging_options(build)

    summary = commands.add_parser("summarize", help="print a multi-document summary, one sentence a line",
                                  epilog=SUMMARIZE_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    summary.add_argument("inputs", nargs="+", metavar="INPUT", help="folders or files of articles")
    summary.add_argument("--words", type=int, required=True, metavar="N", help="word budget (whole sentences)")
    add_ranking_options(summary, SUMMARIZERS)
    add_jobs_option(summary)
    add_logging_options(summary)

    init = commands.add_parser("init", help=f"write a commented starter {CONFIG_FILE}",
                               epilog=INIT_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    init.add_argument("path", nargs="?", default=CONFIG_FILE, help=f"where to write it (default: {CONFIG_FILE})")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    return top


def add_ranking_options(command: argparse.ArgumentParser, summarizers: Iterable[str]) -> None:
    command.add_argument("--summarizer", metavar="NAME",
                         help=f"per-article ranker: {', '.join(summarizers)} (default: lexrank)")
    command.add_argument("--focus", metavar="TEXT", help="topic description to bias the ranking toward")


def add_jobs_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("-j", "--jobs", type=int, metavar="N",
                         help="worker processes for per-article work (default: one per core)")


def add_logging_options(command: argparse.ArgumentParser) -> None:
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only (for cron)")
    loudness.add_argument("-v", "--verbose", action="store_true", help="print progress too")
    command.add_argument("--log-format", choices=("text", "json"), default="text",
                         help="text lines, or one JSON object a line for log shippers")


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


def main(argv: list[str] | None = None) -> int:
    try:
        # Before anything imports NumPy: its f2py module reads SOURCE_DATE_EPOCH at
        # import and fails with a traceback on a value that is not whole seconds.
        build_time()
    except ConfigError as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        return exc.exit_status
    args = parser().parse_args(argv)
    configure_logging(args)
    # A command is one short run whose objects live to its end: the cycle collector
    # would only walk them (a full pass over a 10,000-article run's objects takes a
    # second) and find little to free. See pipeline.cycle_collection_paused.
    gc.disable()
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
    overrides = {
        "inputs": tuple(args.inputs) or None, "output_dir": args.output, "title": args.title,
        "summarizer": args.summarizer, "focus": args.focus, "since": args.since, "page_size": args.page_size,
        "formats": tuple(f.strip() for f in args.format.split(",")) if args.format else None,
        "templates": args.templates, "author": args.author, "cache": args.cache, "jobs": args.jobs, "wait": args.wait,
        "fresh": args.fresh, "keep": args.keep,
    }
    path = None if args.inputs and not args.config else find_config_file(args.config)
    if args.only and path is None:
        raise ConfigError(f"--only needs a config file: none given and no ./{CONFIG_FILE}")
    status = 0
    for config in load_configs(path, overrides, args.only):
        status = max(status, build_one(config, args.strict))
    return status


def build_one(config, strict: bool) -> int:
    """Build one brief; its failure is logged and returned, so the others still run."""
    from .pipeline import build_brief

    prefix = f"{config.name}: " if config.name else ""
    try:
        brief = build_brief(config)
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

    jobs = 0 if args.jobs is None else args.jobs
    for sentence in summarize(args.inputs, args.words, args.summarizer or "lexrank", args.focus, jobs):
        print(sentence)
    return 0


def run_init(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.exists() and not args.force:
        raise ConfigError(f"{path} exists already; pass --force to overwrite it")
    path.write_text(starter_file(), encoding="utf-8")
    print(path)
    return 0


COMMANDS = {"build": run_build, "summarize": run_summarize, "init": run_init}


def report_crash() -> int:
    """An unexpected error is a bug: save the traceback, say where to report it."""
    with tempfile.NamedTemporaryFile("w", prefix="brief-crash-", suffix=".txt", delete=False) as out:
        out.write(f"briefing {__version__}\nargv: {sys.argv}\n\n{traceback.format_exc()}")
    kind, value = sys.exc_info()[:2]
    log.error("internal error (%s: %s). This is a bug in briefing: please report it on the project's issue "
              "tracker with the command you ran and the file %s", kind.__name__ if kind else "?", value, out.name)
    return 1


def entry() -> None:
    """The ``brief`` command: ``main()``, then leave without tearing the heap down.
    Everything is written, closed and flushed by then; freeing a 10,000-article
    run's objects one by one at exit took over a second (benchmarks/speed.py)."""
    status = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    entry()

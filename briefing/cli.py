"""The ``brief`` command. Thin: parse options, build a Config, call the library,
turn library errors into one-line messages and exit codes (0 / 1 / 2)."""

from __future__ import annotations

import argparse
import logging
import sys

from . import __version__
from .config import Config
from .errors import BriefingError
from .pipeline import build_brief, summarize
from .rank import SUMMARIZERS

BUILD_EXAMPLE = """\
examples:
  brief build articles/ukraine-talks
  brief build articles/ukraine-talks -o /srv/briefs --title "Ukraine talks" --summarizer textrank

exit status: 0 brief written (skipped inputs are warnings), 1 no brief could be
made (no usable article, render or write failure), 2 usage or configuration error.
"""

SUMMARIZE_EXAMPLE = """\
example:
  brief summarize docs/*.txt --words 100
"""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="brief", description="One-page extractive situation briefs "
                                  "from a folder of news articles.")
    top.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the brief: Markdown, PDF and JSON",
                                epilog=BUILD_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("inputs", nargs="+", metavar="INPUT", help="folders or files of articles (.txt, .md)")
    build.add_argument("-o", "--output", default="output", help="output folder (default: output/)")
    build.add_argument("--title", help="title of the brief (default: from the input folder's name)")
    add_ranking_options(build)
    build.add_argument("--strict", action="store_true", help="exit 1 if any input was skipped")
    build.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    summary = commands.add_parser("summarize", help="print a multi-document summary, one sentence a line",
                                  epilog=SUMMARIZE_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    summary.add_argument("inputs", nargs="+", metavar="INPUT", help="folders or files of articles")
    summary.add_argument("--words", type=int, required=True, metavar="N", help="word budget (whole sentences)")
    add_ranking_options(summary)
    return top


def add_ranking_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--summarizer", default="lexrank", metavar="NAME",
                         help=f"per-article ranker: {', '.join(SUMMARIZERS)} (default: lexrank)")
    command.add_argument("--focus", metavar="TEXT", help="topic description to bias the ranking toward")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    quiet = getattr(args, "quiet", False)
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="brief: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        if args.command == "build":
            return run_build(args)
        return run_summarize(args)
    except BriefingError as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        return exc.exit_status


def run_build(args: argparse.Namespace) -> int:
    config = Config(inputs=tuple(args.inputs), output_dir=args.output, title=args.title,
                    summarizer=args.summarizer, focus=args.focus)
    brief = build_brief(config)
    print("\n".join(brief.written))
    if args.strict and brief.skipped:
        print(f"brief: error: --strict and {len(brief.skipped)} input(s) skipped", file=sys.stderr)
        return 1
    return 0


def run_summarize(args: argparse.Namespace) -> int:
    if args.words < 1:
        print("brief: error: --words must be a positive number", file=sys.stderr)
        return 2
    for sentence in summarize(args.inputs, args.words, args.summarizer, args.focus):
        print(sentence)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``brief`` command as a new user meets it: help, mistakes, the environment's refusals."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import __version__, cli, summarize
from briefing.config import OPTIONS, load_configs, option, toml_value
from briefing.load import READERS
from briefing.names import SUMMARIZER_NAMES
from briefing.options import SWITCH, Option
from briefing.run.local import ITEMS_PER_WORKER

from .conftest import ARTICLE_A, ARTICLE_B, EXAMPLE, ROOT, write

HEAVY = ("numpy", "scipy", "nltk", "sumy", "weasyprint", "trafilatura", "lxml", "jinja2", "tqdm")


def brief(*args: str, module: str = "briefing.cli", flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *flags, "-m", module, *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as stop:
        cli.parse_args(argv)
    assert stop.value.code == 2
    return capsys.readouterr().err


def imported_modules(importtime_log: str) -> set[str]:
    """Module names from ``python -X importtime``'s lines: "import time: self | cumulative | name"."""
    return {line.rsplit("|", 1)[1].strip() for line in importtime_log.splitlines() if line.startswith("import time:")
            and "|" in line}


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["summarize", "--help"], ["--version"]])
def test_help_and_version_import_nothing_heavy(args):
    result = brief(*args, flags=("-X", "importtime"))
    assert result.returncode == 0
    loaded = {name.split(".")[0] for name in imported_modules(result.stderr)}
    assert loaded & {"briefing"}, "the log names the modules imported"
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_python_m_briefing_works_like_brief():
    assert brief("--version", module="briefing").stdout.strip() == f"briefing {__version__}"
    help_text = brief("build", "--help", module="briefing")
    assert help_text.returncode == 0 and "--output" in help_text.stdout


def test_brief_alone_prints_the_help_to_stderr_and_exits_2():
    result = brief()
    assert result.returncode == 2 and result.stdout == ""
    assert "commands:" in result.stderr and "build" in result.stderr


@pytest.mark.parametrize("argv, hint", [
    (["build", "x", "--ouput", "out"], "did you mean --output?"),
    (["build", "x", "--summarizr=textrank"], "did you mean --summarizer?"),
    (["summarize", "x", "--words", "5", "--oder", "rank"], "did you mean --order?"),
    (["buidl", "x"], "did you mean build?"),
    (["build", "x", "--summarizer", "lexrnk"], "did you mean lexrank?"),
    (["build", "x", "--format", "md,pfd"], "did you mean pdf?"),
    (["build", "x", "--page-size", "leter"], "did you mean Letter?"),
    (["summarize", "x", "--words", "5", "--order", "rnk"], "did you mean rank?"),
])
def test_a_mistyped_option_command_or_choice_names_the_closest(capsys, argv, hint):
    assert hint in usage_error(capsys, *argv)


def test_an_unknown_choice_lists_the_valid_ones(capsys):
    error = usage_error(capsys, "build", "x", "--summarizer", "nope")
    assert "did you mean" not in error and all(name in error for name in SUMMARIZER_NAMES)


def test_choices_are_case_insensitive():
    args = cli.parse_args(["build", "x", "--summarizer", "LexRank", "--page-size", "a4", "--format", "MD,Pdf",
                           "--log-format", "JSON"])
    assert (args.summarizer, args.page_size, args.formats, args.log_format) == ("lexrank", "A4", ("md", "pdf"),
                                                                                 "json")


def test_build_help_is_grouped_and_lists_the_file_types():
    build = cli.subcommands(cli.parser())["build"]
    groups = {group.title for group in build._action_groups}
    assert {"inputs and outputs", "ranking", "workers", "the page", "nightly operation", "logging"} <= groups
    text = build.format_help()
    assert "examples:" in text and "exit status" in text
    assert all(suffix in text for suffix in READERS)


def test_jobs_help_says_it_is_capped_at_what_helps():
    jobs = option("jobs")
    assert f"one per {ITEMS_PER_WORKER} articles" in jobs.help and "cores" in jobs.help


def test_every_option_is_on_the_command_line_of_the_commands_that_take_it():
    for command, takes in (("build", cli.taking("build")), ("summarize", cli.taking("summarize"))):
        options = {o for action in cli.subcommands(cli.parser())[command]._actions for o in action.option_strings}
        assert all(set(each.cli_flags) <= options for each in takes), command
    assert {each.name for each in cli.taking("summarize")} == {"summarizer", "focus", "jobs"}


SAMPLE = {"cache": "cache-folder", "fresh": True, "inputs": (str(EXAMPLE),)}
"""Values the command line can spell where the example or default is none (--cache true is no folder)."""


def sample(each: Option) -> object:
    return SAMPLE.get(each.name, each.default if each.example is None else each.example)


def flag_and_text(each: Option) -> list[str]:
    """The command line that sets ``each`` to ``sample(each)``, as a person types it."""
    value = sample(each)
    if each.positional:
        return [str(v) for v in value]
    if each.kind is SWITCH:
        return [each.cli_flags[-1]]
    return [each.cli_flags[-1], ",".join(value) if isinstance(value, tuple) else str(value)]


@pytest.mark.parametrize("each", [o for o in OPTIONS if o.toml_key], ids=lambda o: o.name)
def test_a_flag_and_its_brief_toml_key_give_the_same_config(tmp_path, monkeypatch, each):
    """Derived from the one table: ``--flag TEXT`` on the command line means ``key = VALUE`` in brief.toml
    (whose relative paths are taken from its folder, here the working one)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-templates").mkdir()
    value = sample(each)
    base = f'inputs = ["{EXAMPLE}"]\n' if each.name != "inputs" else ""
    from_file = write(tmp_path, "brief.toml", f"{base}{each.toml_key} = {toml_value(value)}\n")
    (by_key,) = load_configs(from_file, {})
    args = cli.parse_args(["build", *(["x"] if each.name != "inputs" else []), *flag_and_text(each)])
    (by_flag,) = load_configs(None, {**cli.given_options(args), "inputs": (str(EXAMPLE),)})

    def absolute(found: object) -> object:
        return os.path.abspath(found) if each.kind.paths and isinstance(found, str) else found

    assert (absolute(getattr(by_flag, each.name)) == absolute(getattr(by_key, each.name))
            == absolute(each.kind.convert(value)))


def test_no_cache_turns_the_cache_off_and_flags_not_given_change_nothing():
    args = cli.parse_args(["build", "x", "--no-cache"])
    assert cli.given_options(args) == {"inputs": ["x"], "cache": False}
    assert cli.given_options(cli.parse_args(["build"])) == {}


def test_summarize_takes_the_defaults_of_the_options_it_shares():
    args = cli.parse_args(["summarize", "x", "--words", "5"])
    assert (args.summarizer, args.focus, args.jobs) == tuple(option(n).default for n in ("summarizer", "focus", "jobs"))


@pytest.mark.parametrize("argv, error", [
    (["build", "x", "--scheduler", "http://10.0.0.5:8786"], "scheduler must be an address"),
    (["build", "x", "--scheduler", "tcp://10.0.0.5:0"], "port 1 to 65535"),
    (["build", "x", "--jobs", "two"], "jobs must be a whole number, not 'two'"),
    (["build", "x", "--keep", "1.5"], "keep must be a whole number of days"),
    (["build", "x", "--format", ","], "no format given"),
])
def test_a_value_of_the_wrong_kind_is_a_usage_error(capsys, argv, error):
    assert error in usage_error(capsys, *argv)


def test_a_scheduler_address_is_taken_as_given():
    args = cli.parse_args(["build", "x", "--scheduler", "tls://scheduler.example.org:8786"])
    assert cli.given_options(args)["scheduler"] == "tls://scheduler.example.org:8786"


def test_init_into_a_missing_folder_is_an_output_error_not_a_bug(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path / "nope" / "brief.toml")]) == 1
    error = capsys.readouterr().err
    assert "no folder" in error and str(tmp_path / "nope") in error and "bug" not in error


def test_init_onto_a_folder_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    file = write(tmp_path, "notes.txt", "not a folder")
    assert cli.main(["build", str(EXAMPLE), "-o", str(file)]) == 2
    error = capsys.readouterr().err
    assert "is a file" in error and "bug" not in error
    assert file.read_text() == "not a folder"


def test_an_unreadable_config_file_is_a_config_error(tmp_path, capsys, monkeypatch):
    config = write(tmp_path, "brief.toml", f'inputs = ["{EXAMPLE}"]\n')
    real_read_text = Path.read_text

    def refuse(path: Path, *args: object, **kwargs: object) -> str:
        if path == config:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refuse)
    assert cli.main(["build", "-c", str(config)]) == 2
    error = capsys.readouterr().err
    assert "cannot read" in error and "Permission denied" in error and "bug" not in error


def test_a_system_error_names_the_file_and_is_not_called_a_bug(monkeypatch, capsys):
    def disk_full(args: argparse.Namespace) -> int:
        raise OSError(28, "No space left on device", "/srv/briefs/x.pdf")

    monkeypatch.setitem(cli.COMMANDS, "build", disk_full)
    assert cli.main(["build", str(EXAMPLE)]) == 1
    error = capsys.readouterr().err
    assert "No space left on device: /srv/briefs/x.pdf" in error and "bug" not in error


def test_the_bug_message_names_the_tracker_the_package_declares(monkeypatch):
    import importlib.metadata

    class Declared:
        def get_all(self, name: str) -> list[str]:
            return ["Homepage, https://example.org", "Issues, https://example.org/issues"]

    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: Declared())
    assert cli.where_to_report() == "at https://example.org/issues"


def test_without_a_declared_tracker_the_bug_message_invents_none(monkeypatch):
    import importlib.metadata

    def not_installed(name: str) -> object:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "metadata", not_installed)
    assert "http" not in cli.where_to_report()


def test_main_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    import gc

    assert gc.isenabled()
    cli.main(["init", str(tmp_path / "brief.toml")])
    assert gc.isenabled()


THIRD = """Ferry service cut to one crossing a day
The ferry operator said it would run a single daily crossing to Halden from Monday.
Passengers were told to book ahead because cars would be carried only on that crossing.
"""


@pytest.fixture
def three_articles(tmp_path: Path) -> list[Path]:
    return [write(tmp_path, name, text) for name, text in (("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B),
                                                           ("c.txt", THIRD))]


def source_position(sentence: str, files: list[Path]) -> tuple[int, int]:
    texts = [f.read_text(encoding="utf-8") for f in files]
    number = next(i for i, text in enumerate(texts) if sentence in text)
    return number, texts[number].index(sentence)


def test_summarize_gives_sentences_in_source_order_by_default(three_articles):
    by_source = summarize(three_articles, 70)
    by_rank = summarize(three_articles, 70, order="rank")
    assert len(by_source) >= 2 and sorted(by_source) == sorted(by_rank)
    positions = [source_position(s, three_articles) for s in by_source]
    assert positions == sorted(positions)
    assert summarize(str(three_articles[0]), 40, order="Rank")  # one path; choices in any case


def test_brief_summarize_takes_order_and_survives_a_closed_pipe(three_articles):
    folder = str(three_articles[0].parent)
    ranked = brief("summarize", folder, "--words", "70", "--order", "rank")
    default = brief("summarize", folder, "--words", "70")
    assert ranked.returncode == default.returncode == 0
    assert sorted(ranked.stdout.splitlines()) == sorted(default.stdout.splitlines())
    reader_gone = subprocess.Popen([sys.executable, "-m", "briefing.cli", "summarize", folder, "--words", "70"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert reader_gone.stdout is not None and reader_gone.stderr is not None
    reader_gone.stdout.close()  # `brief summarize ... | head -1` once head has its line
    error = reader_gone.stderr.read().decode()
    assert reader_gone.wait(timeout=120) in (0, 1)
    assert "internal error" not in error and "Traceback" not in error

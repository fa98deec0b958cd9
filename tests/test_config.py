"""Config from Python: the obvious spellings are taken, anything else is a ConfigError."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing import Config
from briefing.config import OPTIONS, load_configs, option, read_file, starter_file
from briefing.errors import ConfigError
from briefing.names import FORMATS, PAGE_SIZES, SUMMARIZER_NAMES
from briefing.options import GROUPS

from .conftest import EXAMPLE, write


def valid(**fields: object) -> Config:
    return Config(**{"inputs": (str(EXAMPLE),), **fields})


@pytest.mark.parametrize("given_inputs, expected", [
    ("articles", ("articles",)),
    (Path("articles"), ("articles",)),
    (["a", Path("b")], ("a", "b")),
    (("a",), ("a",)),
    (None, ()),
])
def test_inputs_take_one_path_or_several(given_inputs, expected):
    assert Config(inputs=given_inputs).inputs == expected


def test_one_input_string_is_one_path_not_its_characters():
    assert valid().problems() == []
    assert Config(inputs=str(EXAMPLE)).problems() == []


@pytest.mark.parametrize("given_formats, expected", [
    ("md", ("md",)),
    ("md,pdf", ("md", "pdf")),
    (" MD , Pdf ,", ("md", "pdf")),
    (["JSON", "html"], ("json", "html")),
])
def test_formats_take_a_list_or_one_comma_separated_string_in_any_case(given_formats, expected):
    config = valid(formats=given_formats)
    assert config.formats == expected and config.problems() == []


@pytest.mark.parametrize("field, given_value, expected", [
    ("page_size", "a4", "A4"),
    ("page_size", "LETTER", "Letter"),
    ("summarizer", "LexRank", "lexrank"),
    ("summarizer", "Sumy-TextRank", "sumy-textrank"),
    ("output_dir", Path("out"), "out"),
    ("templates", Path("."), "."),
    ("cache", Path("cache"), "cache"),
    ("cache", False, False),
    ("jobs", "2", 2),
    ("keep", " 30 ", 30),
    ("wait", "1.5", 1.5),
    ("wait", "30", 30.0),
])
def test_obvious_spellings_are_converted(field, given_value, expected):
    config = valid(**{field: given_value})
    assert getattr(config, field) == expected
    assert type(getattr(config, field)) is type(expected)
    assert config.problems() == []


@pytest.mark.parametrize("field, wrong, message", [
    ("jobs", "x", "jobs must be a whole number, not 'x'"),
    ("jobs", True, "jobs must be a whole number"),
    ("jobs", 2.5, "jobs must be a whole number"),
    ("wait", "x", "wait must be a number of seconds, not 'x'"),
    ("wait", None, "wait must be a number of seconds"),
    ("keep", "forever", "keep must be a whole number of days"),
    ("fresh", "yes", "fresh must be True or False"),
    ("inputs", 5, "inputs must be a path or a list of paths"),
    ("inputs", [b"bytes"], "inputs must be a path or a list of paths"),
    ("formats", 5, "formats must be a list of formats"),
    ("title", 5, "title must be a string"),
    ("since", 24, "since must be a string"),
    ("summarizer", None, "summarizer must be one of lexrank, textrank"),
    ("page_size", 4, "page_size must be one of A4, Letter"),
    ("scheduler", 8786, "scheduler must be an address"),
    ("output_dir", None, "output_dir must be a path"),
    ("generated_at", "2026-11-21", "generated_at must be a datetime"),
])
def test_wrong_types_are_config_errors_never_type_errors(field, wrong, message):
    config = valid(**{field: wrong})
    problems = config.problems()
    assert any(message in p for p in problems), problems
    with pytest.raises(ConfigError, match=field):
        config.validated()


@pytest.mark.parametrize("field, value, hint", [
    ("summarizer", "lexrnk", "did you mean lexrank?"),
    ("formats", "md,pfd", "did you mean pdf?"),
    ("page_size", "Leter", "did you mean Letter?"),
])
def test_a_near_miss_names_the_closest_choice(field, value, hint):
    assert any(hint in p for p in valid(**{field: value}).problems())


def test_a_far_miss_lists_the_valid_names_only():
    (problem,) = valid(summarizer="nope").problems()
    assert "did you mean" not in problem and all(name in problem for name in SUMMARIZER_NAMES)


def test_an_output_folder_that_is_a_file_is_a_problem(tmp_path):
    file = write(tmp_path, "notes.txt", "x")
    assert any("output folder" in p and "is a file" in p for p in valid(output_dir=str(file)).problems())
    assert valid(cache=str(file)).problems() == [], "an unusable cache is a warning at run time, not an error"
    assert valid(output_dir=str(tmp_path / "new")).problems() == []


def test_conversions_survive_replace():
    config = dataclasses.replace(Config(inputs="a", formats="MD,pdf", jobs="3"), title="T")
    assert (config.inputs, config.formats, config.jobs) == (("a",), ("md", "pdf"), 3)


def test_brief_toml_choices_are_case_insensitive_too(tmp_path):
    path = write(tmp_path, "brief.toml", f'inputs = ["{EXAMPLE}"]\nsummarizer = "LexRank"\npage_size = "letter"\n'
                 'formats = ["MD", "PDF"]\n')
    (config,) = load_configs(path, {})
    assert (config.summarizer, config.page_size, config.formats) == ("lexrank", "Letter", ("md", "pdf"))


def test_brief_toml_stays_typed(tmp_path):
    """TOML has types: a string where a list belongs is reported, as the starter file shows."""
    path = write(tmp_path, "brief.toml", f'inputs = "{EXAMPLE}"\n')
    with pytest.raises(ConfigError, match="inputs must be a list"):
        load_configs(path, {})


def test_the_registry_is_built_from_the_light_names():
    from briefing.rank import SUMMARIZERS
    from briefing.rank.sumy_adapter import SUMY_SUMMARIZERS

    assert tuple(SUMMARIZERS) == SUMMARIZER_NAMES
    assert set(SUMY_SUMMARIZERS) <= set(SUMMARIZER_NAMES), "every sumy summariser is reachable by name"


def test_the_starter_file_lists_every_summarizer():
    assert all(name in starter_file() for name in SUMMARIZER_NAMES)


def test_every_field_is_an_option_declared_on_it():
    assert [each.name for each in OPTIONS] == [f.name for f in dataclasses.fields(Config)]
    assert all(getattr(Config(), each.name) == each.default for each in OPTIONS)
    assert all(each.group in GROUPS for each in OPTIONS if each.group is not None)


def test_the_fields_only_python_sets_have_no_key_and_no_flag():
    python_only = {each.name for each in OPTIONS if each.toml_key is None}
    assert python_only == {"name", "generated_at"}
    assert all(not option(name).cli_flags and not option(name).positional for name in python_only)


def test_every_key_the_starter_file_comments_out_has_an_example_that_loads(tmp_path):
    """Uncommented, every suggested key is valid TOML of the right type; a key left commented out has no
    value to show but its example."""
    assert all(each.example is not None for each in OPTIONS if each.toml_key and each.default is None)
    lines = [line[2:] if line.startswith("# ") and " = " in line and line[2:3].islower()
             and not line.startswith("# [") else line for line in starter_file().splitlines()]
    uncommented = "\n".join(lines).split("# --- several briefs")[0]
    (tmp_path / "templates").mkdir()
    path = write(tmp_path, "brief.toml", uncommented.replace('"articles/my-situation"', f'"{EXAMPLE}"')
                 .replace('"my-templates"', '"templates"'))
    tables, problems = read_file(path)
    assert problems == [] and set(tables[None]) == {each.toml_key for each in OPTIONS if each.toml_key}
    (config,) = load_configs(path, {})
    assert config.scheduler == option("scheduler").example and config.keep == option("keep").example


def test_a_mistyped_key_in_brief_toml_names_the_closest_and_every_problem_is_reported(tmp_path):
    path = write(tmp_path, "brief.toml", f'inputs = ["{EXAMPLE}"]\nouptut = "out"\npage-size = "A4"\n'
                 'format = ["md"]\njobs = "2"\n[brief.x]\nsumarizer = "lsa"\n')
    with pytest.raises(ConfigError) as error:
        load_configs(path, {})
    message = str(error.value)
    for hint in ("did you mean output?", "did you mean page_size?", "did you mean formats?",
                 "did you mean summarizer?", "jobs must be a whole number, not '2'"):
        assert hint in message
    assert "5 problems" in message


def test_every_path_key_is_taken_from_the_files_folder(tmp_path):
    (tmp_path / "site" / "t").mkdir(parents=True)
    path = write(tmp_path, "site/brief.toml", f'inputs = ["{EXAMPLE}"]\noutput = "out"\ntemplates = "t"\n'
                 'cache = "c"\n')
    (config,) = load_configs(path, {})
    site = tmp_path / "site"
    assert (config.output_dir, config.templates, config.cache) == (str(site / "out"), str(site / "t"),
                                                                    str(site / "c"))
    assert {each.toml_key for each in OPTIONS if each.kind.paths} == {"inputs", "output", "templates", "cache"}


VALID_ADDRESSES = ["tcp://10.0.0.5:8786", "tls://scheduler.example.org:8786", "ws://dask_scheduler:1",
                   "wss://[::1]:65535", "tcp://localhost:08786"]
INVALID_ADDRESSES = ["10.0.0.5:8786", "http://10.0.0.5:8786", "tcp://10.0.0.5", "tcp://10.0.0.5:0",
                     "tcp://10.0.0.5:65536", "tcp://:8786", "tcp://host:8786/path", "TCP://host:8786",
                     "tcp://ho st:8786", " tcp://host:8786", "inproc://host:1", ""]


@pytest.mark.parametrize("address", VALID_ADDRESSES)
def test_a_scheduler_address_is_scheme_host_and_port(address):
    assert valid(scheduler=address).problems() == []


@pytest.mark.parametrize("address", INVALID_ADDRESSES)
def test_anything_else_for_a_scheduler_is_a_config_error(address):
    (problem,) = valid(scheduler=address).problems()
    assert problem.startswith("scheduler must be an address") and "tcp, tls, ws or wss" in problem


def test_the_scheduler_in_brief_toml_is_checked_with_the_other_keys(tmp_path):
    path = write(tmp_path, "brief.toml", f'inputs = ["{EXAMPLE}"]\nscheduler = "http://x:1"\nkeep = 0\n')
    with pytest.raises(ConfigError, match="2 problems") as error:
        load_configs(path, {})
    assert "scheduler must be an address" in str(error.value) and "keep must be" in str(error.value)


def test_choice_lists_are_as_documented():
    assert PAGE_SIZES == ("A4", "Letter") and FORMATS == ("md", "pdf", "json", "html")


ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8), st.binary(max_size=4),
    st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=3),
    st.sampled_from([datetime(2026, 11, 21, tzinfo=timezone.utc), Path("x"), str(EXAMPLE), "md,pdf", "24h", "2"]),
)
FIELDS = [f.name for f in dataclasses.fields(Config) if f.name != "name"]


@given(st.dictionaries(st.sampled_from(FIELDS), ANY_VALUE, max_size=5))
def test_any_values_give_a_config_or_a_config_error(values):
    config = Config(**values)
    problems = config.problems()
    assert all(isinstance(p, str) and p for p in problems)
    try:
        checked = config.validated()
    except ConfigError:
        assert problems
    else:
        assert not problems and isinstance(checked.generated_at, datetime)

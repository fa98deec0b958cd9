"""The README documents every command and option, and every config key."""

from __future__ import annotations

import argparse

import pytest

from briefing.cli import parser
from briefing.config import KEYS

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_is_documented_with_an_example(name):
    command = subcommands()[name]
    assert f"brief {name}" in README
    assert "example" in (command.epilog or ""), f"brief {name} --help ends with an example"


@pytest.mark.parametrize("option", sorted({o for c in subcommands().values() for a in c._actions
                                           for o in a.option_strings if o.startswith("--") and o != "--help"}))
def test_every_option_is_in_the_readme(option):
    assert option in README


@pytest.mark.parametrize("key", sorted(KEYS))
def test_every_config_key_is_in_the_starter_file(key):
    from briefing.config import starter_file

    assert f"{key} =" in starter_file()

"""The README documents every command and option, and every config key."""

from __future__ import annotations

import argparse

import pytest

from briefing.cli import parser
from briefing.config import OPTIONS, starter_file

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


IN_FILES = [each for each in OPTIONS if each.toml_key]


@pytest.mark.parametrize("option", IN_FILES, ids=lambda each: each.name)
def test_every_option_is_in_the_readme_and_the_starter_file(option):
    """From the one table of options: its flags, and its key beside them in the README's table of keys."""
    flags = [f"`{flag}`" for flag in option.cli_flags] or [f"`{option.metavar}...`"]
    if option.off:
        flags.append(f"`--no-{option.cli_flags[-1].lstrip('-')}`")
    rows = [line for line in README.splitlines() if line.startswith("|") and f"| `{option.toml_key}`" in line]
    assert any(all(flag in row for flag in flags) for row in rows), (flags, option.toml_key)
    assert f"\n{option.toml_key} =" in starter_file() or f"\n# {option.toml_key} =" in starter_file()


def test_the_readmes_table_of_keys_has_no_other_row():
    keys = {f"`{each.toml_key}`" for each in IN_FILES}
    rows = [line.split("|")[2].split()[0] for line in README.splitlines()
            if line.startswith("| `") and "`brief.toml`" not in line]
    assert set(rows) == keys


def library_errors() -> list[type]:
    import briefing.errors

    return [value for value in vars(briefing.errors).values()
            if isinstance(value, type) and issubclass(value, briefing.errors.BriefingError)]


@pytest.mark.parametrize("error", library_errors(), ids=lambda e: e.__name__)
def test_every_library_error_is_exported_and_documented(error):
    import briefing

    assert error.__name__ in briefing.__all__ and getattr(briefing, error.__name__) is error
    assert f"`{error.__name__}`" in README


def test_every_export_resolves_and_type_checkers_see_the_same_names():
    import ast

    import briefing

    assert all(getattr(briefing, name) is not None for name in briefing.__all__)
    assert "Brief" in briefing.__all__ and "Brief" in dir(briefing)
    tree = ast.parse((ROOT / "briefing" / "__init__.py").read_text(encoding="utf-8"))
    checked = next(node for node in tree.body if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
    seen = {alias.asname or alias.name: node.module for node in checked.body if isinstance(node, ast.ImportFrom)
            for alias in node.names}
    assert seen == {name: module for name, module in briefing._EXPORTS.items()}


def test_the_readmes_python_example_runs_from_a_checkout(tmp_path, monkeypatch):
    """The README's Python block, run as written from the top of a checkout (here a copy of its example)."""
    import re
    import shutil

    from .conftest import EXAMPLE

    block = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    shutil.copytree(EXAMPLE, tmp_path / "examples" / "harbor-strike")
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
    assert sorted(p.suffix for p in (tmp_path / "output").glob("2*")) == [".json", ".md", ".pdf"]

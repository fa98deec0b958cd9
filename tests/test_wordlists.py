"""The word lists under briefing/languages/: well formed, each read by the code, shipped in
the wheel, and the only place the package keeps lists of words."""

from __future__ import annotations

import ast
import fnmatch
import tomllib

import pytest

from briefing.lang import Language
from briefing.wordlists import entries, month_numbers, ordered_words, phrases, single_words, word_set

from .conftest import ROOT

PACKAGE = ROOT / "briefing"
ENGLISH = PACKAGE / "languages" / "english"
LIST_FILES = sorted(ENGLISH.glob("*.txt"))
LOADERS = {"word_set", "ordered_words", "phrases", "single_words", "words"}


def requested_lists() -> dict[str, str]:
    """Every list name the package asks a loader for, with the module that asks."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in LOADERS):
                found[node.args[0].value] = str(path.relative_to(ROOT))
    return found


def test_a_list_file_holds_words_and_phrases_a_line_with_comments_and_blank_lines_left_out():
    assert entries("# a comment\n\nword\n  ahead of  \nlast  # why it is here\n#\n") == ("word", "ahead of", "last")


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: p.stem)
def test_every_list_is_non_empty_says_what_it_is_and_holds_each_entry_once(path):
    text = path.read_text(encoding="utf-8")
    words = ordered_words(path.stem)
    assert text.startswith("#"), "a list opens with a comment saying what it holds and who reads it"
    assert words and len(words) == len(set(words))
    assert all(len(entry.split()) <= 2 for entry in words)


def test_every_list_is_read_by_the_package_and_every_list_it_reads_exists():
    requested = requested_lists()
    assert sorted(requested) == sorted(path.stem for path in LIST_FILES)


def test_every_list_file_is_package_data():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["briefing"]
    for path in LIST_FILES:
        relative = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative


def test_lists_are_read_once():
    assert word_set("months") is word_set("months")
    assert Language.english().words("stigma_words") is word_set("stigma_words")


def test_ordered_lists_keep_their_order():
    assert ordered_words("months")[0] == "January" and ordered_words("months")[-1] == "December"
    assert month_numbers()["May"] == 5 and month_numbers()["Sept"] == 9 and month_numbers()["Dec"] == 12
    assert ordered_words("weekdays")[0] == "Monday" and len(ordered_words("weekdays")) == 7
    assert ordered_words("numbers").index("twenty") == 20 and ordered_words("tens")[0] == "twenty"


def test_each_month_abbreviation_starts_exactly_one_month():
    for short in ordered_words("month_abbreviations"):
        assert sum(month.startswith(short) for month in ordered_words("months")) == 1, short


def test_phrases_and_single_words_split_a_list():
    assert ("ahead", "of") in phrases("subordinators") and "after" in single_words("subordinators")
    assert single_words("subordinators") | {" ".join(p) for p in phrases("subordinators")} == word_set("subordinators")


def word_list_literals() -> list[str]:
    """``"word word word".split()`` literals of three or more alphabetic words in the package."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
                    and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
                    and sum(word.isalpha() for word in node.func.value.value.split()) >= 3):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_package_keeps_its_word_lists_as_data_not_as_code():
    assert word_list_literals() == []

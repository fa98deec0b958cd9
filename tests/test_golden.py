"""Golden outputs: the bundled example's Markdown and HTML, byte for byte, at a fixed build time.

After an intended change: python tests/golden/regenerate.py, and read the diff."""

from __future__ import annotations

import os

import pytest

from .golden.regenerate import GOLDEN, build


@pytest.fixture
def built(tmp_path):
    cwd = os.getcwd()
    try:
        yield build(str(tmp_path))
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(built, fmt):
    expected = (GOLDEN / f"harbor-strike.{fmt}").read_text(encoding="utf-8")
    assert built[fmt].decode() == expected, "output changed: run python tests/golden/regenerate.py and read the diff"

"""Imports run downward only: a module never imports one of a later stage.

The package is layered in the order of the pipeline (docs: DESIGN.md, "Pipeline"):
what every stage shares at the bottom, then the stages in the order they run, then
the execution layer, the pipeline and the command line on top. A module may import
its own layer and the layers below it. Every import counts, including one inside a
function (a lazy import is still a dependency) and one under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "briefing"

LAYERS: tuple[tuple[str, ...], ...] = (
    # shared by every stage: names, errors, the data model, patterns, word lists, section sizes
    ("version", "nltk_import", "names", "options", "errors", "model", "patterns", "wordlists", "sections", "headlines"),
    ("config",),
    ("load", "history"),  # 1. the inputs: articles, and the previous brief of an update
    ("clean",),  # 2.
    ("boundaries",),  # 3. sentence boundary rules ...
    ("segment",),  # ... and the splitter
    ("lang",),  # stop words, stems and word lists of a run (reads segment's word tokens)
    ("dedupe",),  # 4.
    ("rank",),  # 5. and 6.
    ("facts",),  # 7.
    ("dates",),  # the day a sentence reports, for assembly
    ("per_article",),  # stages 1-7 for one file or one article, as the workers run them
    ("assemble",),  # 8.
    ("render", "pdf", "fit"),  # 9.
    ("write",),  # 10.
    ("archive",),  # the output folder's index and feed, rendered and written
    ("run",),  # execution: the memoised map, its store and its executors (local processes, Dask)
    ("pipeline",),
    ("cli", "__main__"),
    ("__init__",),  # the package's public names, imported lazily from all of the above
)
"""Layers, lowest first: the first part of a module's name under ``briefing`` (a
subpackage such as ``rank`` is one stage) and its layer."""

LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    """``briefing.rank.corpus`` -> ``rank``; the package itself -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module) of every import of the package in ``source``, the text of ``module``
    (``is_package``: its ``__init__.py``), relative imports resolved."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
            # "from . import pdf" imports the module briefing.pdf, not the package
            found += [(node.lineno, f"{base}.{alias.name}" if submodule(f"{base}.{alias.name}") else base)
                      for alias in node.names]
    return [(line, name) for line, name in found if name == "briefing" or name.startswith("briefing.")]


def imports_of(path: Path) -> list[tuple[int, str]]:
    return imported(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def submodule(name: str) -> bool:
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    return (ROOT / "briefing" / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_own_layer_and_those_below(path):
    importer = stage(module_name(path))
    assert importer in LAYER_OF, f"briefing/{importer}: place it in LAYERS (tests/test_layers.py)"
    upward = [f"line {line}: {name} ({stage(name)} is above {importer})" for line, name in imports_of(path)
              if LAYER_OF.get(stage(name), len(LAYERS)) > LAYER_OF[importer]]
    assert upward == []


def test_the_import_reader_resolves_relative_and_lazy_imports():
    """The checker itself: a lazy ``from ..assemble import X`` in a rank module is an import of assemble."""
    lazy = "def f():\n    from ..assemble import DROP_ORDER\n"
    assert imported(lazy, "briefing.rank.corpus") == [(2, "briefing.assemble")]
    assert imported("from . import pdf\n", "briefing.render") == [(1, "briefing.pdf")]
    assert imported("from .model import Brief\n", "briefing.load", is_package=True) == [(1, "briefing.load.model")]
    assert imported("from .. import names\n", "briefing.load.text") == [(1, "briefing.names")]
    assert imported("import json\nfrom briefing import Config\n", "briefing.cli") == [(2, "briefing")]


def test_every_layer_name_is_a_module_of_the_package():
    names = {stage(module_name(path)) for path in MODULES}
    assert set(LAYER_OF) == names


MAX_PARAMETERS = 6


def parameter_count(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Parameters a caller passes (``self`` and ``cls`` not counted; ``*args`` and ``**kwargs`` one each)."""
    args = function.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    count = len(names) + (args.vararg is not None) + (args.kwarg is not None)
    return count - (names[:1] in (["self"], ["cls"]))


def test_no_function_takes_more_than_six_parameters():
    """A function that needs more takes a record (a frozen dataclass) instead."""
    offenders = [f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({parameter_count(node)})"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and parameter_count(node) > MAX_PARAMETERS]
    assert offenders == []

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "harbor-strike"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def shared_corpus() -> Path:
    path = SHARED / "corpus" / "ukraine-talks"
    if not path.is_dir():
        pytest.skip("../shared/corpus/ukraine-talks is not beside this checkout")
    return path


@pytest.fixture
def shared_eval() -> Path:
    path = SHARED / "eval"
    if not path.is_dir():
        pytest.skip("../shared/eval is not beside this checkout")
    return path


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


ARTICLE_A = """Harbour talks resume in Serrin
Negotiators for the dockworkers' union and Halden Terminals met in Serrin on Wednesday to resume talks.
The union is demanding an 11 percent pay rise over two years, while the company has offered 6 percent.
Labour Minister Ines Korvald chaired the meeting and said progress had been made on shift limits.
"""

ARTICLE_B = """Fuel shortages spread in the east
Petrol stations in at least 40 towns reported shortages on Tuesday because of the port strike.
The regional energy agency said most fuel imports arrive through the port's tanker berth.
Labour Minister Ines Korvald said the government could take emergency measures to keep fuel moving.
"""

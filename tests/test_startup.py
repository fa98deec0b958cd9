"""What a build imports: nothing that the formats and the summariser asked for do not need.

A nightly run starts Python every time; WeasyPrint (with Pango), SciPy's statistics and
sumy's summarisers each cost a noticeable part of a small build's time when loaded for nothing.
Each build here is a real ``brief build`` of the bundled example in a fresh Python, which then
lists the modules it holds (``-X importtime`` does not log ``importlib.import_module``'s imports).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import EXAMPLE, ROOT

SUMY_MODULES = {f"sumy.summarizers.{name}" for name in (
    "lex_rank", "text_rank", "lsa", "luhn", "kl", "sum_basic", "edmundson", "reduction", "random")}

RUNNER = """
import json, sys
from briefing import cli
status = cli.main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump({"status": status, "modules": sorted(sys.modules)}, out)
"""


def build_imports(tmp_path, *args: str) -> set[str]:
    """The modules a real ``brief build`` of the example has imported when it is done."""
    report = tmp_path / "modules.json"
    result = subprocess.run([sys.executable, "-c", RUNNER, str(report), "build", str(EXAMPLE),
                             "-o", str(tmp_path / "out"), "--no-cache", "-q", *args],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    ran = json.loads(report.read_text())
    assert ran["status"] == 0, result.stderr[-3000:]
    return set(ran["modules"])


def test_a_markdown_build_loads_neither_weasyprint_nor_a_sumy_summariser(tmp_path):
    loaded = build_imports(tmp_path, "--format", "md")
    assert [p.suffix for p in (tmp_path / "out").glob("2*")] == [".md"]
    assert not {m for m in loaded if m.split(".")[0] == "weasyprint"}, "no page laid out for Markdown"
    assert "briefing.pdf" not in loaded
    assert not {m for m in loaded if m.startswith("sumy.summarizers")}, "lexrank is briefing.rank.fast's"


def test_a_markdown_build_imports_neither_scipy_stats_nor_sumys_web_helpers(tmp_path):
    loaded = build_imports(tmp_path, "--format", "md")
    assert "scipy.stats" not in loaded, "percentiles are briefing.rank.corpus's own average ranks"
    assert not {"sumy.utils", "requests", "pycountry"} & loaded, "stop words read without sumy.utils"


def test_the_stop_words_are_sumys():
    from sumy.utils import get_stop_words

    from briefing.lang import Language, sumy_stop_words

    assert Language.english().stop_words == get_stop_words("english")
    assert "the" in sumy_stop_words("english")
    with pytest.raises(LookupError):
        sumy_stop_words("no-such-language")


def test_a_sumy_summariser_loads_its_own_module_only(tmp_path):
    loaded = build_imports(tmp_path, "--format", "json", "--summarizer", "lsa")
    assert "sumy.summarizers.lsa" in loaded
    assert not (SUMY_MODULES - {"sumy.summarizers.lsa"}) & loaded


def test_nltk_still_runs_fishers_test_once_scipy_stats_is_held_back():
    """briefing.nltk_import keeps scipy.stats out of NLTK's import and hands NLTK a Fisher test
    that loads it on the first call: NLTK answers as it does with SciPy loaded up front."""
    probe = ("import sys, json, briefing.render\n"
             "held_back = 'scipy.stats' not in sys.modules\n"
             "from nltk.metrics.association import BigramAssocMeasures\n"
             "print(json.dumps([held_back, BigramAssocMeasures.fisher(3, (5, 6), 40)]))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    held_back, p_value = json.loads(result.stdout)
    from scipy.stats import fisher_exact

    expected = fisher_exact([[3, 2], [3, 32]], alternative="less")[1]
    assert held_back and p_value == pytest.approx(expected)

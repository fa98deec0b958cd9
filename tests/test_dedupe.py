from __future__ import annotations

from pathlib import Path

from briefing.model import BlockKind, Sentence

from .helpers import find_duplicate_articles


def sentences(article_id: str, text: str) -> list[Sentence]:
    return [Sentence(article_id, i, s, 0, 0, len(s), BlockKind.PARAGRAPH, 0.0)
            for i, s in enumerate(text.split(". "))]


STORY = ("Fuel deliveries to the eastern provinces have slowed as a strike by dockworkers entered its second day. "
         "The agency said petrol stations in at least 40 towns had reported shortages on Tuesday. "
         "About 4,200 members of the union stopped work on Monday after talks broke down over pay")
OTHER = ("Exporters are losing an estimated 30 million crowns a day because of the strike at the port. "
         "Shipping lines have begun diverting vessels to the port of Kessa up the coast")


def test_copies_map_to_the_earliest_original():
    found = find_duplicate_articles([("wire", sentences("wire", STORY)), ("other", sentences("other", OTHER)),
                                     ("copy1", sentences("copy1", STORY)),
                                     ("copy2", sentences("copy2", STORY + ". Syndicated from Meridian Wire"))])
    assert found == {"copy1": "wire", "copy2": "wire"}


def test_distinct_reports_are_not_copies():
    assert find_duplicate_articles([("a", sentences("a", STORY)), ("b", sentences("b", OTHER))]) == {}
    assert find_duplicate_articles([]) == {}


def test_shingles_are_the_same_in_every_process():
    """They are cached: Python's own string hash would differ from run to run."""
    import subprocess
    import sys

    code = ("from tests.test_dedupe import STORY, sentences; from briefing.dedupe import shingles; "
            "print(shingles(sentences('x', STORY)).tolist())")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=Path(__file__).parent.parent).stdout
            for seed in ("1", "2")}
    assert len(runs) == 1 and runs.pop().strip() != "[]"


def test_a_lightly_edited_copy_is_still_a_copy():
    edited = STORY.replace("40 towns", "41 towns").replace("Tuesday", "Wednesday")
    assert find_duplicate_articles([("a", sentences("a", STORY * 3)), ("b", sentences("b", edited * 3))]) == {"b": "a"}

"""The cache of per-file and per-article results changes nothing but the time taken,
and survives damage (more damage: tests/test_hostile.py)."""

from __future__ import annotations

import logging
import pickle
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from briefing import Config, build_brief

from .conftest import EXAMPLE, write

WHEN = datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc)


def build(out, cache, **options) -> dict[str, bytes]:
    brief = build_brief(Config(inputs=(str(EXAMPLE),), output_dir=str(out), cache=cache, generated_at=WHEN,
                               formats=("md", "json"), **options))
    return {path.rsplit(".", 1)[1]: Path(path).read_bytes() for path in brief.written}


def cache_line(caplog) -> str:
    """What the article stage found in the cache: "cache: ranking: R reused, M made"."""
    return next(r.getMessage() for r in caplog.records if r.getMessage().startswith("cache: ranking:"))


def test_cold_warm_and_uncached_runs_agree(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="briefing")
    uncached = build(tmp_path / "a", False)
    cold = build(tmp_path / "b", str(tmp_path / "cache"))
    assert cache_line(caplog) == "cache: ranking: 0 reused, 5 made"
    caplog.clear()
    warm = build(tmp_path / "c", str(tmp_path / "cache"))
    assert cache_line(caplog) == "cache: ranking: 5 reused, 0 made"
    assert uncached == cold == warm


def test_a_changed_article_or_option_is_analysed_again(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="briefing")
    folder = tmp_path / "in"
    for path in sorted(EXAMPLE.iterdir()):
        write(folder, path.name, path.read_bytes())
    config = dict(output_dir=str(tmp_path / "out"), cache=str(tmp_path / "cache"), generated_at=WHEN)
    build_brief(Config(inputs=(str(folder),), **config))
    write(folder, "04-business-daily.txt", (folder / "04-business-daily.txt").read_text() + "\nA new line was "
          "added to the article on Wednesday evening by the editors.\n")
    caplog.clear()
    build_brief(Config(inputs=(str(folder),), **config))
    reused, analysed = (int(word) for word in cache_line(caplog).split() if word.isdigit())
    assert analysed >= 1 and reused + analysed == 5
    caplog.clear()
    build_brief(Config(inputs=(str(folder),), summarizer="textrank", **config))
    assert cache_line(caplog) == "cache: ranking: 0 reused, 5 made"
    caplog.clear()  # a second summariser's analyses sit beside the first's
    build_brief(Config(inputs=(str(folder),), **config))
    assert cache_line(caplog) == "cache: ranking: 5 reused, 0 made"


def test_corrupt_cache_entries_are_discarded_with_a_warning(tmp_path, caplog):
    cache = tmp_path / "cache"
    expected = build(tmp_path / "a", str(cache))
    with sqlite3.connect(cache / "results.sqlite") as db:
        keys = [key for (key,) in db.execute("SELECT key FROM results ORDER BY key")]
        assert len(keys) == 10, "a result for each of the 5 files and each of their 5 articles"
        db.execute("UPDATE results SET value = ? WHERE key = ?", (b"not a pickle", keys[0]))
        db.execute("UPDATE results SET value = ? WHERE key = ?", (b"", keys[1]))
        db.execute("UPDATE results SET value = ? WHERE key = ?", (pickle.dumps({"not": "a result"})[:-1], keys[2]))
    db.close()
    caplog.set_level(logging.INFO, logger="briefing")
    assert build(tmp_path / "b", str(cache)) == expected
    assert sum("unreadable" in r.getMessage() for r in caplog.records) == 3
    caplog.clear()
    assert build(tmp_path / "c", str(cache)) == expected
    assert not any("unreadable" in r.getMessage() for r in caplog.records), "made again and stored"


def test_default_cache_lives_in_the_output_folder(tmp_path):
    build_brief(Config(inputs=(str(EXAMPLE),), output_dir=str(tmp_path / "out")))
    assert any((tmp_path / "out" / ".cache").rglob("*"))


def test_a_warm_run_reads_and_analyses_nothing_again(tmp_path, caplog, monkeypatch):
    """Results hold what later stages need: a warm run only hashes the files."""
    import briefing.pipeline

    cache = tmp_path / "cache"
    expected = build(tmp_path / "a", str(cache))
    called: list[str] = []
    for name in ("read_and_clean", "analyse_articles"):
        real = getattr(briefing.pipeline, name)
        monkeypatch.setattr(briefing.pipeline, name, lambda item, real=real, **kw: called.append(real.__name__)
                            or real(item, **kw))
    caplog.set_level(logging.INFO, logger="briefing")
    warm = build(tmp_path / "b", str(cache))
    assert called == []
    assert cache_line(caplog) == "cache: ranking: 5 reused, 0 made"
    assert warm == expected


def test_old_results_are_removed_after_they_go_unused(tmp_path):
    from briefing.run.store import KEEP_DAYS, today

    cache = tmp_path / "cache"
    build(tmp_path / "a", str(cache))
    with sqlite3.connect(cache / "results.sqlite") as db:
        db.execute("INSERT INTO results VALUES ('an old file version', x'00', ?)", (today() - KEEP_DAYS - 1,))
        db.execute("INSERT INTO results VALUES ('used last month', x'00', ?)", (today() - 30,))
    db.close()
    build(tmp_path / "b", str(cache))
    with sqlite3.connect(cache / "results.sqlite") as db:
        keys = {key for (key,) in db.execute("SELECT key FROM results")}
    db.close()
    assert "an old file version" not in keys and "used last month" in keys and len(keys) == 11


def test_cached_values_survive_pickling_unchanged():
    import pickle

    from briefing.model import BlockKind, Rejection, ScoredSentence, Sentence

    sentence = Sentence("a", 3, "Talks resumed on Friday.", 1, 10, 34, BlockKind.LIST_ITEM, 0.25)
    scored = ScoredSentence(sentence, 0.5, {"article": 0.1})
    rejection = Rejection(("a", 4), "Why now?", "question", "")
    for value in (sentence, scored, rejection):
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value and type(copy) is type(value)
    assert pickle.loads(pickle.dumps(scored)).ranks == {"article": 0.1}
    assert pickle.loads(pickle.dumps(sentence)).kind is BlockKind.LIST_ITEM


def test_an_unwritable_cache_is_a_warning_not_a_failure(tmp_path, caplog):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be\n")
    caplog.set_level(logging.INFO, logger="briefing")
    expected = build(tmp_path / "a", False)
    assert build(tmp_path / "b", str(blocked)) == expected
    assert any("the cache in" in r.getMessage() and "continuing without it" in r.getMessage()
               for r in caplog.records)

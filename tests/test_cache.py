"""The per-article cache changes nothing but the time taken, and survives damage."""

from __future__ import annotations

import logging
import pickle
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
    return next(r.getMessage() for r in caplog.records if r.getMessage().startswith("cache:"))


def test_cold_warm_and_uncached_runs_agree(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="briefing")
    uncached = build(tmp_path / "a", False)
    cold = build(tmp_path / "b", str(tmp_path / "cache"))
    assert cache_line(caplog) == "cache: 0 article(s) reused, 5 analysed"
    caplog.clear()
    warm = build(tmp_path / "c", str(tmp_path / "cache"))
    assert cache_line(caplog) == "cache: 5 article(s) reused, 0 analysed"
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
    assert cache_line(caplog) == "cache: 0 article(s) reused, 5 analysed"
    caplog.clear()  # a second summariser's analyses sit beside the first's
    build_brief(Config(inputs=(str(folder),), **config))
    assert cache_line(caplog) == "cache: 5 article(s) reused, 0 analysed"


def test_corrupt_cache_entries_are_discarded_with_a_warning(tmp_path, caplog):
    cache = tmp_path / "cache"
    expected = build(tmp_path / "a", str(cache))
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert len(entries) == 5
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(b"")
    entries[2].write_bytes(pickle.dumps({"not": "an entry"}))
    caplog.set_level(logging.INFO, logger="briefing")
    assert build(tmp_path / "b", str(cache)) == expected
    assert sum("unreadable" in r.getMessage() for r in caplog.records) == 3
    assert cache_line(caplog) == "cache: 2 article(s) reused, 3 analysed"


def test_default_cache_lives_in_the_output_folder(tmp_path):
    build_brief(Config(inputs=(str(EXAMPLE),), output_dir=str(tmp_path / "out")))
    assert any((tmp_path / "out" / ".cache").rglob("*"))


def test_a_warm_run_reads_only_the_files_it_needs(tmp_path, caplog, monkeypatch):
    """Entries hold no article text: a warm run reads again only the files the
    splitter trains on, and analyses nothing."""
    import briefing.pipeline

    cache = tmp_path / "cache"
    expected = build(tmp_path / "a", str(cache))
    read: list[str] = []
    real = briefing.pipeline.read_and_clean
    monkeypatch.setattr(briefing.pipeline, "read_and_clean", lambda file: read.append(file.path.name) or real(file))
    monkeypatch.setattr("briefing.pipeline.choose_sample", lambda keyed: [0])  # train on one article
    caplog.set_level(logging.INFO, logger="briefing")
    warm = build(tmp_path / "b", str(cache))
    assert len(read) == 1
    assert cache_line(caplog) == "cache: 5 article(s) reused, 0 analysed"
    assert warm.keys() == expected.keys()


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
    assert any("cannot write the cache" in r.getMessage() for r in caplog.records)

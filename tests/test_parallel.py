"""Worker processes change nothing but the time taken."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from briefing import Config, build_brief

from .conftest import EXAMPLE, SHARED


def inputs() -> tuple[str, ...]:
    duc = sorted((SHARED / "eval" / "duc2003_task2").glob("d3000*/docs"))
    return tuple(str(p) for p in duc) or (str(EXAMPLE),)


def test_jobs_1_and_2_give_the_same_brief(tmp_path, monkeypatch):
    monkeypatch.setattr("briefing.run.local.PARALLEL_MIN", 0)  # use the pool even for a small corpus
    built = {}
    for jobs in (1, 2):
        config = Config(inputs=inputs(), output_dir=str(tmp_path / f"jobs{jobs}"), jobs=jobs,
                        generated_at=datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc))
        brief = build_brief(config)
        built[jobs] = {path.rsplit(".", 1)[1]: Path(path).read_bytes() for path in brief.written}
    assert built[1]["md"] == built[2]["md"]
    assert built[1]["json"] == built[2]["json"]

"""Rewrite the golden briefs after an intended change of the output:

    python tests/golden/regenerate.py

then read the diff (git diff tests/golden) before committing it."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
BUILD_TIME = datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc)
ARRIVED = {  # when each example article reached the folder (its date: text files are dated by mtime)
    "01-almery-courier.txt": datetime(2026, 11, 16, 19, 0, tzinfo=timezone.utc),
    "02-harbour-gazette.md": datetime(2026, 11, 17, 7, 30, tzinfo=timezone.utc),
    "03-meridian-wire.txt": datetime(2026, 11, 17, 11, 0, tzinfo=timezone.utc),
    "04-business-daily.txt": datetime(2026, 11, 17, 16, 0, tzinfo=timezone.utc),
    "05-coastal-times.txt": datetime(2026, 11, 17, 18, 0, tzinfo=timezone.utc),
}


def date_the_example() -> None:
    """Give the example's files their dates: a checkout dates them all by when it was made."""
    for name, when in ARRIVED.items():
        os.utime(ROOT / "examples" / "harbor-strike" / name, (when.timestamp(), when.timestamp()))


def build(out: str) -> dict[str, bytes]:
    """The bundled example's brief, built from the repository root at a fixed time."""
    from briefing import Config, build_brief

    os.chdir(ROOT)
    date_the_example()
    brief = build_brief(Config(inputs=("examples/harbor-strike",), output_dir=out, formats=("md", "html"),
                               generated_at=BUILD_TIME))
    return {Path(p).suffix[1:]: Path(p).read_bytes() for p in brief.written}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as out:
        for fmt, data in build(out).items():
            (GOLDEN / f"harbor-strike.{fmt}").write_bytes(data)
            print(GOLDEN / f"harbor-strike.{fmt}")

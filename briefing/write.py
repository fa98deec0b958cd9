"""Stage 10, write: each output atomically into the output folder, under a lock.

A file is written to a temporary name in the same folder, flushed to disk,
then renamed over its final name, so a run killed at any moment leaves either
the old file or the new one, never half of one. ``latest.*`` are replaced the
same way, after the dated files, so they always hold a complete brief.

One run per output folder at a time: ``output_lock`` takes an OS lock
(``flock``) that the kernel releases when the process dies, so a run killed
with SIGKILL never blocks the next night.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from .errors import LockHeld, OutputError

LOCK_FILE = ".brief.lock"
ORDER = ("md", "pdf", "json", "html")


def output_base(folder: Path, generated_at: datetime, slug: str, formats: list[str]) -> str:
    """``<date>-<slug>``, or ``<date>-<slug>-<HHMMSS>`` when a brief of that day is already there."""
    base = f"{generated_at:%Y-%m-%d}-{slug}"
    if any((folder / f"{base}.{fmt}").exists() for fmt in formats):
        base = f"{base}-{generated_at:%H%M%S}"
    return base


def write_atomic(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_outputs(outputs: dict[str, bytes], output_dir: str, generated_at: datetime, slug: str) -> list[str]:
    """Write the dated files, then ``latest.*``; return the dated paths in the order md, pdf, json, html."""
    folder = Path(output_dir)
    formats = [fmt for fmt in ORDER if fmt in outputs]
    try:
        base = output_base(folder, generated_at, slug, formats)
        written = []
        for fmt in formats:
            path = folder / f"{base}.{fmt}"
            write_atomic(path, outputs[fmt])
            written.append(str(path))
        for fmt in formats:
            write_atomic(folder / f"latest.{fmt}", outputs[fmt])
        return written
    except OSError as exc:
        raise unwritable(folder, exc) from exc


def unwritable(folder: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write to output folder {folder}: {exc.strerror or exc}; choose another with -o DIR")


@contextlib.contextmanager
def output_lock(output_dir: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the output folder's lock for the duration; wait up to ``wait`` seconds for it.

    Creates the folder if needed and removes temporary files a killed run left behind."""
    folder = Path(output_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_FILE, "a+")  # noqa: SIM115 (held open for the lock's lifetime)
    except OSError as exc:
        raise unwritable(folder, exc) from exc
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockHeld(f"another brief build is writing to {folder} (lock {folder / LOCK_FILE}); "
                                   f"try again later or pass --wait SECONDS") from None
                time.sleep(0.2)
        remove_stale_temporaries(folder)
        yield
    finally:
        handle.close()  # closing releases the lock


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of a run that was killed mid-write (we hold the lock, so none is live)."""
    for temp in folder.glob(".*.tmp"):
        temp.unlink(missing_ok=True)

"""Stage 10, write: each output atomically into the output folder, under a lock.

A file is written to a temporary name in the same folder, flushed to disk,
then renamed over its final name, so a run killed at any moment leaves either
the old file or the new one, never half of one. ``latest.*`` are replaced the
same way, after the dated files, so they always hold a complete brief.

A brief's files appear together or not at all: every file is first written
to its temporary name, and only when all of them are on disk are they renamed
(a full disk mid-write leaves no dated set with a Markdown and PDF but no JSON).
Files get the mode the umask allows (0644 under the usual umask), as any
program's outputs do, so a web server or a colleague can read them.

One run per output folder at a time: ``output_lock`` takes a POSIX record lock
(``lockf``) that the kernel releases when the process dies, so a run killed
with SIGKILL never blocks the next night. Unlike ``flock``, such a lock belongs
to the process and is not inherited by the worker processes it forks, so a
worker left running for a moment after its parent cannot hold the folder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
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
    """``data`` to ``path`` through a temporary file in the same folder, renamed over it."""
    os.replace(staged(path, data), path)


def staged(path: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``path``, flushed to disk; the caller renames
    it into place. Created with mode 0666 so that the kernel applies the umask, as for
    any file the user makes (mkstemp's 0600 kept a web server or a colleague out).
    Removed again if anything fails."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_outputs(outputs: dict[str, bytes], output_dir: str, generated_at: datetime, slug: str) -> list[str]:
    """Write the dated files, then ``latest.*``; return the dated paths in the order md, pdf, json, html.

    Every file is staged before any is renamed, so a failure (a full disk) leaves the
    folder as it was: no partial set of dated files, ``latest.*`` unchanged."""
    folder = Path(output_dir)
    formats = [fmt for fmt in ORDER if fmt in outputs]
    temporaries: list[Path] = []
    try:
        base = output_base(folder, generated_at, slug, formats)
        targets = [folder / f"{base}.{fmt}" for fmt in formats] + [folder / f"latest.{fmt}" for fmt in formats]
        for target, fmt in zip(targets, formats + formats, strict=True):
            temporaries.append(staged(target, outputs[fmt]))
        for temp, target in zip(temporaries, targets, strict=True):
            os.replace(temp, target)
        return [str(target) for target in targets[: len(formats)]]
    except OSError as exc:
        raise unwritable(folder, exc) from exc
    finally:
        for temp in temporaries:
            temp.unlink(missing_ok=True)


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
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise unwritable(folder, exc) from exc
                if time.monotonic() >= deadline:
                    raise LockHeld(f"another brief build is writing to {folder} (lock {folder / LOCK_FILE}); "
                                   f"try again later or pass --wait SECONDS") from None
                time.sleep(0.2)
        remove_stale_temporaries(folder)
        yield
    finally:
        handle.close()  # closing releases the lock


OWN_TEMPORARY = re.compile(r"^\.((latest|\d{4}-\d\d-\d\d-.+)\.(md|pdf|json|html)|index\.html|feed\.atom"
                           r"|\.archive-cache\.json)\.[0-9a-f]{12}\.tmp$")
"""The temporary names ``staged`` gives the folder's own files (the brief's, the
archive's): only those are removed, never another program's hidden files."""


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of a run that was killed mid-write (we hold the lock, so none is live)."""
    for temp in folder.glob(".*.tmp"):
        if OWN_TEMPORARY.match(temp.name):
            temp.unlink(missing_ok=True)

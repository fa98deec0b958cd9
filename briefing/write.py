"""Stage 10, write: each output atomically into the output folder.

A file is written to a temporary name in the same folder, flushed to disk,
then renamed over its final name, so a run killed at any moment leaves either
the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from .errors import OutputError


def output_name(generated_at: datetime, slug: str, fmt: str) -> str:
    return f"{generated_at:%Y-%m-%d}-{slug}.{fmt}"


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
    """Write every output; return their paths in the order md, pdf, json, html."""
    folder = Path(output_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for fmt in ("md", "pdf", "json", "html"):
            if fmt in outputs:
                path = folder / output_name(generated_at, slug, fmt)
                write_atomic(path, outputs[fmt])
                written.append(str(path))
        return written
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {folder}: {exc.strerror or exc}; "
                          f"choose another with -o DIR") from exc

"""Reader for plain text and Markdown files, in any common encoding."""

from __future__ import annotations

import codecs
from datetime import datetime, timezone
from pathlib import Path

from ..model import Article
from .records import Read, UnreadableFile

MAX_BYTES = 20_000_000
"""Larger files are skipped: no news article is 20 MB of text."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or UnreadableFile with the reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"too large ({len(data):,} bytes; limit {MAX_BYTES:,})")
    if not data.strip():
        raise UnreadableFile("empty file: no text")
    return data


def read_text_file(path: Path, shown_path: str) -> Read:
    """One article per file; the title is the first line when it reads as a headline."""
    from ..clean import headline_of  # the cleaner owns what a headline looks like

    text = decode(read_bytes(path))
    if not text.strip():
        raise UnreadableFile("empty file: no text")
    title = headline_of(text)
    return [
        Article(
            id=path.stem,
            path=shown_path,
            title=title or "",
            text=text,
            published=modified_time(path),
            title_from="first-line" if title else "",
            published_from="mtime",
        )
    ]


def decode(data: bytes) -> str:
    """Decode text bytes: a BOM wins, then UTF-8, then cp1252. Binary data is refused."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"not valid {encoding} despite its byte-order mark") from exc
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if control_ratio(text) > 0.05:
        raise UnreadableFile("binary file (control characters), not text")
    return text


def control_ratio(text: str) -> float:
    """Share of characters that are control codes other than whitespace."""
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)


def modified_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)

"""Reader for plain text and Markdown files, in any common encoding."""

from __future__ import annotations

import codecs
import re

from .records import Fields, Found, Source, UnreadableFile, to_article


def read_text_file(source: Source) -> Found:
    """One article per file; the title is the first line when it reads as a headline."""
    from ..clean import headline_of  # the cleaner owns what a headline looks like

    text = decode(source.data)
    if not text.strip():
        raise UnreadableFile("empty file: no text")
    title = headline_of(text)
    return [to_article(source, Fields(text, title, title_from="first-line"))]


def decode(data: bytes) -> str:
    """Decode text bytes: a BOM wins, then UTF-8 (with U+FFFD for a few bad bytes, see
    ``mostly_utf8``), then cp1252. Binary data is refused."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"not valid {encoding} despite its byte-order mark") from exc
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (NUL bytes), not text")
    text = data.decode("utf-8", errors="surrogateescape")  # a byte that is not UTF-8 -> U+DC80..U+DCFF
    bad = len(text) - len(NOT_UTF8.sub("", text)) if not text.isascii() else 0
    if bad:
        ascii_bytes = len(data) - len(data.translate(None, ASCII))
        text = (NOT_UTF8.sub("\ufffd", text) if mostly_utf8(len(text) - ascii_bytes - bad, bad)
                else data.decode("cp1252", errors="replace"))
    if control_ratio(text) > 0.05:
        raise UnreadableFile("binary file (control characters), not text")
    return text


NOT_UTF8 = re.compile("[\udc80-\udcff]")
ASCII = bytes(range(128))

UTF8_EVIDENCE = 1
"""Valid multi-byte UTF-8 characters needed for each byte that is not UTF-8 before a
file is read as damaged UTF-8 rather than as cp1252: UTF-8 when it explains at least as
many of the non-ASCII characters as it fails on. Measured with benchmarks/decoding.py on
815 dev texts with non-ASCII characters (DUC 2003/2006, MultiLing 2011 dev, the shared
corpus): no cp1252 text read as UTF-8, and UTF-8 texts with 1, 2 and 5 damaged bytes read
as cp1252 2.6%, 8.3% and 27% of the time (texts whose only few non-ASCII characters were
hit). A share of bad bytes ("under 1 in 1,000") read 2.5% of the cp1252 texts as UTF-8
(an article with four curly quotes in 6,000 bytes) and 14% of the 1-byte damages as cp1252;
a ratio of 2 read 8% as cp1252, a ratio of 1/2 1.2% (with less margin against a cp1252
text whose accented capitals happen to form UTF-8, "CAF\u00c9\u201d")."""


def mostly_utf8(valid: int, bad: int) -> bool:
    """Whether text with ``valid`` multi-byte UTF-8 characters and ``bad`` bytes that are
    not UTF-8 is UTF-8 with a few damaged bytes (decoded with U+FFFD for them) rather
    than cp1252 (whose accented letters and curly quotes are almost never valid UTF-8)."""
    return valid >= UTF8_EVIDENCE * bad and valid > 0


def control_ratio(text: str) -> float:
    """Share of characters that are control codes other than whitespace."""
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)

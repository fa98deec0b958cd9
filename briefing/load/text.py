"""Reader for plain text and Markdown files, in any common encoding."""

from __future__ import annotations

import codecs
import re

from .records import Fields, Found, Source, UnreadableFile, to_article


def read_text_file(source: Source) -> Found:
    """One article per file; the title is the first line when it reads as a headline."""
    from ..headlines import headline_of  # here: `brief --help` imports the readers, no word list

    text = decode(source.data)
    if not text.strip():
        raise UnreadableFile("empty file: no text")
    title = headline_of(text)
    return [to_article(source, Fields(text, title, title_from="first-line"))]


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode text bytes: a BOM wins, then UTF-8 (with U+FFFD for a few bad bytes, see
    ``mostly_utf8``), then ``legacy_decode`` (the ``declared`` charset of an HTML page,
    cp1252 for Western text, else the detected charset). Binary data is refused."""
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
                else legacy_decode(data, declared))
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


WESTERN = frozenset({"cp1252", "iso8859-1", "iso8859-15", "ascii"})
"""Charsets (as ``codecs.lookup`` names them) read as cp1252, the superset browsers use for
them (WHATWG Encoding Standard)."""


def legacy_decode(data: bytes, declared: str | None = None) -> str:
    """Bytes that are not UTF-8: in the ``declared`` charset when it is known and fits them;
    else cp1252 when that reading ``looks_western``; else in the charset charset-normalizer
    detects (cp1251 Cyrillic, ISO-8859-2, Shift-JIS...), cp1252 when it finds none. The
    detector runs only here, never on UTF-8 or ASCII input."""
    charset = known_charset(declared)
    western = data.decode("cp1252", errors="replace")
    if charset in WESTERN:
        return western
    if charset is not None:
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass  # a wrong declaration: the bytes tell
    if looks_western(western):
        return western
    return detected(data) or western


def known_charset(name: str | None) -> str | None:
    """The codec name of ``name`` (a page's ``<meta charset>``), or None when Python knows no such codec."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        return None


def detected(data: bytes) -> str | None:
    """``data`` decoded in the charset charset-normalizer finds most likely, unless that
    is a Western one (cp1252 is the answer then) or none."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or known_charset(best.encoding) in WESTERN:
        return None
    return str(best)


WESTERN_SYMBOLS = frozenset("\u00a0\u00ab\u00bb\u00b0\u00a9\u00ae\u00b7\u00a3\u00a7\u00bf\u00a1"
                            "\u00bd\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u20ac\u2122\u2022")
"""The non-letters of cp1252 that Western text uses: quotes, dashes, the ellipsis, the euro,
the degree and section signs, guillemets, the inverted marks of Spanish, one half
(all that the 815 cp1252 dev texts of benchmarks/decoding.py use)."""

MAX_ACCENTED_SHARE = 0.4
"""Most of the letters that accented letters may be in Western text read as cp1252. Chosen
between the two sides measured: the 815 cp1252 dev texts of benchmarks/decoding.py at most
0.5%, the French paragraph of tests/test_encodings.py (dense with accents) 10%; Cyrillic
cp1251 read as cp1252 100% (Greek cp1253, Hebrew and Arabic bytes are Latin-1 letters too).
Text that fails this goes to the charset detector."""


def looks_western(text: str) -> bool:
    """Whether ``text`` (bytes read as cp1252) is Western text: each character beyond ASCII is
    a Latin-1 letter or one of ``WESTERN_SYMBOLS``, and the accented letters are a small share
    of all letters. Polish in ISO-8859-2 ("\u00b1" for "a ogonek") and Shift-JIS (undefined
    cp1252 bytes, "\u201a\u00c4") fail the first test, Cyrillic and Greek the second."""
    accented = letters = 0
    for char in text:
        if char.isascii():
            letters += char.isalpha()
        elif char.isalpha() and "\u00c0" <= char <= "\u00ff" or char in "\u0152\u0153\u0160\u0161\u0178\u017d\u017e":
            accented += 1
            letters += 1
        elif char not in WESTERN_SYMBOLS:
            return False
    return accented <= MAX_ACCENTED_SHARE * letters


CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
"""Control codes other than the whitespace ones (tab, line feed, form feed, carriage return)."""


def control_ratio(text: str) -> float:
    """Share of characters that are control codes other than whitespace (in the first 8,192)."""
    sample = text[:8192]
    if not sample:
        return 0.0
    return len(CONTROL.findall(sample)) / len(sample)

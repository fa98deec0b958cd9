"""How ``load.text.decode`` tells damaged UTF-8 from cp1252: the evidence behind ``UTF8_EVIDENCE``.

    python benchmarks/decoding.py

Texts: the dev clusters of DUC 2003, DUC 2006 and MultiLing 2011 (their straight
quotes and double hyphens made typographic, as most scraped news is) and the
shared corpus. Each text is encoded as cp1252 (it must decode as cp1252: a
UTF-8 verdict turns its accented letters and curly quotes into U+FFFD), and as
UTF-8 with 1 to 20 damaged bytes (it must decode as UTF-8: a cp1252 verdict turns
every non-ASCII character into mojibake). Damage is a byte that is not UTF-8
inserted (a cp1252 letter pasted in), a continuation byte lost, or a byte
overwritten, at random places (seed 0). Prints, for each candidate rule, the
share of each kind of text it decodes wrongly. Asserts nothing.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATASETS = ("duc2003_task2", "duc2006", "multiling2011_en")


def dev_texts() -> list[str]:
    texts = []
    for name in DATASETS:
        folder = SHARED / "eval" / name
        for cluster in json.loads((folder / "split.json").read_text())["dev"]:
            texts.extend(p.read_text(encoding="utf-8") for p in sorted((folder / cluster / "docs").glob("*.txt")))
    texts.extend(p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus" / "ukraine-talks").iterdir()))
    return [typographic(t) for t in texts]


def typographic(text: str) -> str:
    text = re.sub(r'"(\w[^"\n]*?)"', "\u201c\\1\u201d", text)
    return text.replace("'", "\u2019").replace("--", "\u2014")


def damaged(data: bytes, count: int, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        at = rng.randrange(len(out))
        kind = rng.randrange(3)
        if kind == 0:
            out.insert(at, rng.choice(b"\xe9\xe8\xfc\xf1\x92\x93\x94\x96"))
        elif kind == 1:
            continuation = [i for i, b in enumerate(out) if 0x80 <= b < 0xC0]
            if continuation:
                del out[rng.choice(continuation)]
            else:
                out.insert(at, 0xE9)
        else:
            out[at] = rng.randrange(0x80, 0x100)
    return bytes(out)


def counts(data: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 characters, bytes that are not UTF-8), as ``decode`` counts them."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(re.findall("[\udc80-\udcff]", text))
    ascii_bytes = len(data) - len(data.translate(None, bytes(range(128))))
    return len(text) - ascii_bytes - bad, bad


RULES = {
    "bad < 1 per 1,000 bytes": lambda valid, bad, size: bad * 1000 < size,
    "valid >= bad": lambda valid, bad, size: valid > 0 and valid >= bad,
    "valid >= 2 x bad": lambda valid, bad, size: valid > 0 and valid >= 2 * bad,
    "valid >= bad / 2": lambda valid, bad, size: valid > 0 and 2 * valid >= bad,
    "valid >= 1": lambda valid, bad, size: valid > 0,
}


def main() -> None:
    rng = random.Random(0)
    texts = [t for t in dev_texts() if not t.isascii()]
    cp1252 = [t.encode("cp1252", errors="replace") for t in texts]
    print(f"{len(texts)} texts with non-ASCII characters")
    print("| rule | cp1252 read as UTF-8 | " + " | ".join(f"UTF-8, {k} bad, read as cp1252" for k in (1, 2, 5, 20)) + " |")
    print("|---|---|" + "---|" * 4)
    damages = {k: [counts(damaged(t.encode("utf-8"), k, rng)) + (len(t),) for t in texts] for k in (1, 2, 5, 20)}
    plain = [counts(data) + (len(data),) for data in cp1252]
    for name, rule in RULES.items():
        wrong_cp = sum(rule(*c) for c in plain if c[1]) / sum(1 for c in plain if c[1])
        cells = [f"{sum(not rule(*c) for c in damages[k] if c[1]) / sum(1 for c in damages[k] if c[1]):.1%}"
                 for k in (1, 2, 5, 20)]
        print(f"| {name} | {wrong_cp:.1%} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

"""Stage 2, clean: split an article's raw text into typed blocks.

Scraped text mixes the story with site furniture (comment forms, share
widgets, "Related" teasers, photo credits), headings written as plain lines,
lists and tables. Each block gets a kind and the name of the rule that gave
it, so the JSON sidecar can say why a line was dropped. Only paragraphs and
list items can be quoted; everything else is kept out of the summaries.

The rules were written against the five scraped articles of
shared/corpus/ukraine-talks and checked against DUC newswire (which must come
through untouched): tests/data/clean_cases.json holds both kinds of case.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .headlines import MARKDOWN_HEADING, SMALL_WORDS, looks_like_heading
from .model import Article, Block, BlockKind, CleanArticle
from .patterns import TERMINAL, casefree, holds_any
from .wordlists import word_set

# --- what furniture looks like -------------------------------------------------

FURNITURE_LINES: dict[str, re.Pattern[str]] = {
    # Comment forms and widgets, matched as the whole line.
    "comment-form": re.compile(
        r"(leave a (reply|comment)|please enter your (comment|name|e-?mail)( address)?( here)?!?"
        r"|post a comment|\d+ comments?|comments?( \(\d+\))?|reply|cancel reply|"
        r"save my name, email, and website.*)",
        re.I,
    ),
    "share-widget": re.compile(
        r"(share( (this|post|article|on \w+))?:?|tweet|email|print|copy link|whatsapp|facebook|twitter|"
        r"linkedin|telegram|pinterest|reddit)",
        re.I,
    ),
    "subscribe-widget": re.compile(
        r"(subscribe( now| to [\w ]+)?|sign up( for [\w ]+)?|newsletter|get the latest [\w ]+ in your inbox"
        r"|follow us( on [\w ]+)?)[.!]?"
        r"|(sign up|subscribe|join|register)\b[^.!?]{0,80}\b(newsletter|inbox|alerts|updates|free)\b[^.!?]{0,40}[.!]?",
        re.I,
    ),
    "advertisement": re.compile(r"(advertisement|sponsored( content)?|ad|promoted|spot_img(spot_img)*)", re.I),
    "cookie-notice": re.compile(r".*\bcookies?\b.*\b(accept|agree|use|settings|policy|consent)\b.*", re.I),
    "section-label": re.compile(
        r"(popular|trending( now)?|more like this|related( (articles|stories|posts|sources|news))?|"
        r"you may also like|recommended( for you)?|read more|read next|most read|latest( news)?|"
        r"more from [\w ]+|see also|editor'?s picks?|don'?t miss)\s*:?",
        re.I,
    ),
    "copyright": re.compile(r"(©|\(c\)\s*\d{4}|copyright\s*(©|\(c\)|\d{4})).*|.*\ball rights reserved\b.*", re.I),
    "photo-credit": re.compile(
        r"(photo|image|picture|video|caption|credit)s?( credit| caption)?\s*[:/|].*|image caption\b.*"
        r"|\(?(photo|image|picture)s? (by|courtesy of|credit)\b.*|.*\b(getty images|reuters/|ap photo|afp via)\b.*",
        re.I),
    "teaser-link": re.compile(r"(also read|read also|read more|read next|related|more|watch|listen|see also)\s*:\s*.{3,160}",
                              re.I),
    "timestamp": re.compile(
        r"((published|updated|last updated|posted|first published)( on| at)?:?\s*)?"
        r"((mon|tue|wed|thu|fri|sat|sun)\w*,?\s*)?"
        r"(\d{1,2}\s+\w{3,9}\.?\s+\d{4}|\w{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
        r"([ ,T]*(at\s*)?\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?"
        r"|(published|updated|last updated|posted)\b[^.!?]{0,50}(ago|gmt|utc|[ap]m|\d{4})\.?",
        re.I),
    "tag-list": re.compile(r"(tags|topics|filed under|categories|keywords)\s*:.*", re.I),
    "syndication": re.compile(
        r"(this (article|story) (was|is) (originally )?(published|syndicated|republished)|syndicated from|"
        r"originally published)\b.*|sources?:\s*[\w .,&/-]{0,60}",
        re.I,
    ),
    "byline": re.compile(r"(?i:by|written by|reporting by)\s+[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}(,? [\w ]{0,40})?"),
    "relevant-links": re.compile(r"(relevant|related|useful) links?( for further reading)?\s*:?", re.I),
}
"""Rule name -> whole-line pattern of site furniture. Matched with fullmatch on
a stripped line, so a real sentence that merely mentions "subscribe" or starts
"Related to this," is not touched (negative cases in tests/data/clean_cases.json)."""

FURNITURE_NEEDS: dict[str, tuple[str, ...]] = {
    "cookie-notice": ("cookie",),
    "copyright": ("©", "(c)", "copyright", "all rights reserved"),
    "photo-credit": ("photo", "image", "picture", "video", "caption", "credit", "getty images", "reuters/", "afp via"),
}
"""Rule name -> words one of which every line its pattern matches holds (lower case, as
``patterns.casefree`` gives the line): a line with none of them is not tried. These three
patterns scan the whole line (".*cookie ...") and took four fifths of the furniture
rules' time on DUC 2006 (0.72 of 0.89 s on 21,189 blocks); an ``in`` test is a fraction
of that. tests/test_shortcuts.py checks the words against matches generated from each pattern."""

END_MARKERS = ("comment-form", "section-label", "relevant-links", "share-widget", "subscribe-widget")
"""Furniture that marks the end of the story: on scraped pages, what follows a
comment form or a "Related"/"Popular" label is teaser headlines of other
stories. Applied only in the second half of an article (see TAIL_START)."""

TAIL_START = 0.5
"""A furniture end marker cuts the rest of the article only past this share of
its lines. 0.5 keeps a "Share this:" widget under a headline from eating the
story; in the shared corpus every end marker sits past 0.9."""

EMPTY_FIELD = re.compile(r"[A-Z][\w ]{0,25}:\s*")
"""A metadata label with nothing after it ("Date:"), at most ~3 words."""

NAVIGATION_SEPARATORS = re.compile(r"\s+[|»›>/•·]\s+")
TABLE_LINE = re.compile(r"^\s*\|.*\||^[^|]*\|[^|]*\|.*$|^\s*\|?\s*:?-{3,}")
LEADING_LIST_MARKER = re.compile(r"^\s*(?:[-*•–·▪●]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
"""A bullet, number or letter that opens a line as a list item ("- ", "• ", "2. ", "(b) ")."""
TRUNCATED_TEASER = re.compile(r".*(\.\.\.|…)\s*$")
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,30})?\s*(?:\([^)]{1,40}\))?\s+(?:_|—|–|--|-)\s+(?=[A-Z])")
"""A wire dateline before the first sentence: "PORT ALMERY (Meridian Wire) _ ",
"ANKARA, Turkey (AP) _ ".
It is cut from the paragraph (the sentence after it is still verbatim)."""

# --- the stage -----------------------------------------------------------------


def clean_article(article: Article) -> CleanArticle:
    """Type every block of the article; give it a title if its file had none."""
    texts = split_blocks(article.text)
    blocks = classify_all(texts, article.title)
    title = article.title
    if not title:
        title = fallback_title(blocks) or article.id
        article = replace(article, title=title, title_from="first-sentence" if title != article.id else "name")
    return CleanArticle(article=article, blocks=tuple(blocks))


def split_blocks(text: str) -> list[str]:
    """Lines, or blank-line separated paragraphs when the file is hard-wrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    if not is_hard_wrapped(lines):
        return [line for line in lines if line]
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        prose: list[str] = []
        for line in (ln.strip() for ln in chunk.split("\n")):
            if not line:
                continue
            if LEADING_LIST_MARKER.match(line) or line.startswith("|"):
                if prose:
                    blocks.append(" ".join(prose))
                    prose = []
                blocks.append(line)
            else:
                prose.append(line)
        if prose:
            blocks.append(" ".join(prose))
    return blocks


def is_hard_wrapped(lines: list[str]) -> bool:
    """True when most long lines stop mid-sentence: the text was wrapped at a width.

    0.5 separates the two layouts cleanly: the shared corpus and DUC docs have
    one paragraph a line (under 0.1 of long lines end mid-sentence); wrapped
    e-mail and Markdown exports are above 0.7."""
    long_lines = [line for line in lines if len(line) >= 40 and not line.startswith("|")
                  and not LEADING_LIST_MARKER.match(line) and not looks_like_heading(line)]
    if len(long_lines) < 3:
        return False
    open_ended = sum(1 for line in long_lines if line[-1] not in TERMINAL + ":;")
    return open_ended / len(long_lines) > 0.5


GLUED_HEADING_OPENERS = word_set("glued_heading_openers")
"""Words that open a sentence after a heading glued to it ("... Momentum To effectively
maintain ...", the word list glued_heading_openers). A proper name is never taken for one, so "United Nations Secretary
General Antonio Guterres said" is not split."""

GLUED_HEADING_MIN_WORDS = 4
"""A glued heading has at least four words: shorter Title Case runs at the start
of a sentence are names ("Prime Minister Keir Starmer")."""


def split_glued_heading(text: str) -> tuple[str, str] | None:
    """("Heading Words In Title Case", "The sentence that follows.") when a plain-line
    heading lost its line break, else None."""
    words = text.split(" ")
    for i, word in enumerate(words):
        bare = word.strip("“\"'‘(")
        if not bare or bare.lower() in SMALL_WORDS and not bare[0].isupper():
            continue
        if not bare[0].isupper():
            opener = i - 1
            if (opener >= GLUED_HEADING_MIN_WORDS and words[opener] in GLUED_HEADING_OPENERS
                    and len(words) - opener >= 6 and text[-1] in TERMINAL):
                return " ".join(words[:opener]), " ".join(words[opener:])
            return None
    return None


def classify_all(texts: list[str], title: str) -> list[Block]:
    blocks: list[Block] = []
    seen: set[str] = set()
    tail_from = len(texts)
    for i, text in enumerate(texts):
        if i >= tail_from:
            blocks.append(Block(BlockKind.BOILERPLATE, text, "after-end-marker"))
            continue
        block = classify(text, is_first=i == 0, title=title)
        glued = split_glued_heading(block.text) if block.kind is BlockKind.PARAGRAPH else None
        if glued:
            blocks.append(Block(BlockKind.HEADING, glued[0], "glued-heading"))
            block = Block(BlockKind.PARAGRAPH, glued[1], "paragraph-after-glued-heading")
        if block.kind is BlockKind.BOILERPLATE and block.rule in END_MARKERS and i >= TAIL_START * len(texts):
            tail_from = i
        if block.kind.quotable:
            norm = normalise(block.text)
            if norm in seen:
                block = Block(BlockKind.BOILERPLATE, block.text, "repeated-block")
            seen.add(norm)
        blocks.append(block)
    return blocks


def classify(text: str, is_first: bool = False, title: str = "") -> Block:
    """Type one block of text; the first matching rule wins."""
    line = text.strip()
    if title and line.lstrip("# ").strip() == title.strip():
        return Block(BlockKind.TITLE, line, "title")
    if MARKDOWN_HEADING.match(line):
        return Block(BlockKind.HEADING, MARKDOWN_HEADING.sub("", line), "markdown-heading")
    lowered = casefree(line)
    for rule, pattern in FURNITURE_LINES.items():
        needs = FURNITURE_NEEDS.get(rule)
        if needs and not holds_any(lowered, needs):
            continue
        if pattern.fullmatch(line):
            return Block(BlockKind.BOILERPLATE, line, rule)
    if EMPTY_FIELD.fullmatch(line):
        return Block(BlockKind.BOILERPLATE, line, "empty-field")
    if not line.startswith("|") and is_navigation(line):
        return Block(BlockKind.BOILERPLATE, line, "navigation")
    if TABLE_LINE.match(line) and line.count("|") >= 2:
        return Block(BlockKind.TABLE, line, "table-row")
    if TRUNCATED_TEASER.fullmatch(line) and len(line.split()) <= 30:
        return Block(BlockKind.BOILERPLATE, line, "truncated-teaser")
    if LEADING_LIST_MARKER.match(line):
        item = LEADING_LIST_MARKER.sub("", line, count=1)
        if item.count("•") >= 1:
            return Block(BlockKind.BOILERPLATE, line, "link-list")
        return Block(BlockKind.LIST_ITEM, item, "list-marker")
    if looks_like_heading(line):
        kind = BlockKind.TITLE if is_first else BlockKind.HEADING
        return Block(kind, line, "plain-heading")
    dateline = DATELINE.match(line)
    if dateline:
        return Block(BlockKind.PARAGRAPH, line[dateline.end():], "paragraph-after-dateline")
    return Block(BlockKind.PARAGRAPH, line, "paragraph")


def is_navigation(line: str) -> bool:
    """"Home | World | Politics": three or more short segments between separators."""
    parts = NAVIGATION_SEPARATORS.split(line)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def fallback_title(blocks: list[Block], limit: int = 90) -> str:
    """The first quotable sentence, shortened at a word boundary: a title for an untitled file."""
    for block in blocks:
        if block.kind.quotable:
            first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", block.text, maxsplit=1)[0]
            if len(first) <= limit:
                return first.rstrip(".")
            return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


def normalise(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))

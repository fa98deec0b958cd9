"""Stage 8, assemble: fill the brief's sections from the ranked sentences.

The page budget is enforced later by the renderer, which drops items from the
end of the least important section until the PDF is one page (DROP_ORDER).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from .model import Article, Brief, Fact, Item, Rejection, RunnerUp, ScoredSentence, Section, Skip
from .segment import words

BOTTOM_LINE = 3
DEVELOPMENTS = 8
DIGEST = 6
"""Section sizes before the page is fitted: what a reader takes in over coffee
(three lines that say what happened, then the next eight); the fit loop trims
the digest first, so these are upper bounds."""
MAX_PER_SOURCE = 3
"""No source gets more than three of the bottom line and developments, so
one long article cannot crowd out the others."""

MIN_SOURCES_FOR_CAP = 3
"""With one or two sources there is nobody to crowd out: the cap would only empty the page."""

DROP_ORDER = ("digest", "developments", "bottom_line")
"""When the page overflows, the last item of the first non-empty section here goes first."""

SECTION_TITLES = {
    "bottom_line": "Bottom line",
    "developments": "Key developments",
    "digest": "Source digest",
}


def to_item(candidate: ScoredSentence) -> Item:
    s = candidate.sentence
    return Item(text=s.text, source=s.article_id, key=s.key, why=dict(candidate.ranks))


def assemble(title: str, slug: str, generated_at: datetime, articles: Sequence[Article],
             chosen: Sequence[ScoredSentence], digest_candidates: Sequence[Sequence[ScoredSentence]],
             facts: Sequence[Fact], skipped: Sequence[Skip], rejected: Sequence[Rejection],
             summarizer: str, repeats: Sequence[tuple[ScoredSentence, str]] = ()) -> Brief:
    """Bottom line and developments from the corpus ranking; one digest line per top source."""
    per_source: Counter[str] = Counter()
    headline: list[Item] = []
    capped: set = set()
    sources = {c.sentence.article_id for c in chosen}
    cap = MAX_PER_SOURCE if len(sources) >= MIN_SOURCES_FOR_CAP else BOTTOM_LINE + DEVELOPMENTS
    for candidate in chosen:
        if per_source[candidate.sentence.article_id] >= cap:
            capped.add(candidate.key)
            continue
        per_source[candidate.sentence.article_id] += 1
        headline.append(to_item(candidate))
        if len(headline) == BOTTOM_LINE + DEVELOPMENTS:
            break
    quoted = {item.key for item in headline}
    repeated = {r.key for r in rejected if r.rule == "duplicate"}
    digest = digest_items(chosen, digest_candidates, quoted | repeated)
    sections = (
        Section("bottom_line", SECTION_TITLES["bottom_line"], tuple(headline[:BOTTOM_LINE])),
        Section("developments", SECTION_TITLES["developments"], tuple(headline[BOTTOM_LINE:])),
        Section("digest", SECTION_TITLES["digest"], tuple(digest)),
    )
    quoted |= {item.key for item in digest}
    return Brief(title=title, slug=slug, generated_at=generated_at, articles=tuple(articles),
                 sections=sections, facts=tuple(facts), skipped=tuple(skipped),
                 rejected=tuple(rejected), summarizer=summarizer,
                 runners_up=runners_up(chosen, repeats, quoted, capped, cap))


RUNNERS_UP = 5
"""How many left-out sentences the sidecar explains: enough to see why the next
ones down did not make the page, few enough to read."""


def runners_up(chosen: Sequence[ScoredSentence], repeats: Sequence[tuple[ScoredSentence, str]], quoted: set,
               capped: set, cap: int) -> tuple[RunnerUp, ...]:
    """The best-ranked candidates the brief does not quote, and why not (for the sidecar)."""
    left_out = [(c, f"{cap} sentences of this source are quoted already" if c.key in capped
                 else "placed after the quoted sentences (combined rank and concept coverage)") for c in chosen if c.key not in quoted]
    left_out += [(c, detail) for c, detail in repeats]
    left_out.sort(key=lambda pair: (pair[0].ranks.get("combined", 1.0), pair[0].key))
    return tuple(RunnerUp(c.sentence.text, c.sentence.article_id, c.key, reason, dict(c.ranks))
                 for c, reason in left_out[:RUNNERS_UP])


def digest_items(chosen: Sequence[ScoredSentence], candidates_by_article: Sequence[Sequence[ScoredSentence]],
                 quoted: set) -> list[Item]:
    """For the best-ranked sources, the best sentence of each not quoted above (nor
    found to repeat a sentence that is: ``quoted`` holds those too)."""
    order: list[str] = []
    for candidate in chosen:
        if candidate.sentence.article_id not in order:
            order.append(candidate.sentence.article_id)
    by_article = {c[0].sentence.article_id: c for c in candidates_by_article if c}
    items: list[Item] = []
    for article_id in order[:DIGEST]:
        # Prefer a sentence the corpus ranking kept (it is known not to repeat another).
        fresh = [c for c in chosen if c.sentence.article_id == article_id and c.key not in quoted]
        # Else its best candidate that does not restate a quoted sentence: candidates
        # outside the pool were never compared with the quoted ones.
        said = [content_words(i.text) for i in items] + [content_words(c.sentence.text) for c in chosen
                                                         if c.key in quoted]
        fresh = fresh or [c for c in by_article.get(article_id, ()) if c.key not in quoted
                          and not any(restates(content_words(c.sentence.text), other) for other in said)]
        if fresh:
            items.append(to_item(fresh[0]))
    return items


RESTATES = 0.4
"""Share of content words (Jaccard, words of four letters or more) above which a
digest line restates a quoted sentence. "Korvald would invite both sides to
mediated talks in the capital, Serrin, on Wednesday" against "Korvald has called
both sides to mediated talks in Serrin on Wednesday": 0.59; two different
sentences of the example share under 0.2."""


def content_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in words(text) if len(w) > 3)


def restates(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= RESTATES

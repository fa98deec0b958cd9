"""Stage 8, assemble: fill the brief's sections from the ranked sentences.

- **Bottom line**: what is going on now. From the best-ranked candidates (the
  corpus ranking already weighs agreement between sources and centrality) it
  takes the ones reported latest: a candidate's place in the ranking and the
  recency of its source count together, so a cluster whose articles span years
  leads with its newest central development, not a backgrounder.
- **Key developments**: a dated timeline. Each line carries the day of the
  event it reports (``dates.dated``: from the sentence, else the source's
  publication day), lines are in date order, and one event is one line: two
  lines that give different figures for the same count ("killed 247", "the
  toll rose to 253") are one event, and the latest report is kept.
- **Update**: with the previous brief (``history``), lines from sources the
  reader has not seen come first and are marked new; a line the previous brief
  quoted, or one that restates it, is left out (recorded with the line it
  repeats); a little background from earlier sources may stay, marked as such.
  A night with nothing new says so first and shows the picture as it stands.

The page budget is enforced later by the renderer, which drops items from the
end of the least important section until the PDF is one page (``sections.DROP_ORDER``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .dates import dated
from .history import Previous, PreviousItem
from .model import (
    Article,
    Brief,
    Fact,
    Item,
    MergedEvent,
    Rejection,
    Repeat,
    RunnerUp,
    ScoredSentence,
    Section,
    SentenceKey,
    Skip,
    Update,
)
from .sections import BOTTOM_LINE, DEVELOPMENTS, DIGEST, SECTION_TITLES
from .segment import words

MAX_PER_SOURCE = 3
"""No source gets more than three of the bottom line and developments, so
one long article cannot crowd out the others."""

MIN_SOURCES_FOR_CAP = 3
"""With one or two sources there is nobody to crowd out: the cap would only empty the page."""

CAP_DEPTH = 2
"""The per-source cap looks this many times the page's lines down the ranking for
another source's line; past that, capped lines fill the page rather than weak
sources being forced onto it."""

BOTTOM_LINE_FROM = BOTTOM_LINE + DEVELOPMENTS
"""The bottom line is chosen among the page's lines (the best-ranked candidates: what
the sources agree matters); rank and recency then pick among them."""

RECENCY_WEIGHT = 1.0
"""Weight of the source's recency (0 newest .. 1 oldest, as a rank percentile of the
sources' publication times) against the candidate's place among the best-ranked
(0 .. 1). Read on dated DUC 2006 dev clusters: at 0.5 the bottom line still opened
with backgrounders of the oldest articles; at 1.0 two lines in three come from the
newest third of the sources and still state the cluster's central event."""

BACKGROUND = 2
"""In an update, at most this many developments from sources the reader has seen."""


@dataclass(frozen=True)
class Heading:
    """What a brief is before its content: its name, time and options."""

    title: str
    slug: str
    generated_at: datetime
    summarizer: str = "lexrank"
    window_start: datetime | None = None
    out_of_window: int = 0


@dataclass(frozen=True)
class Ranked:
    """What stages 1-7 found, as assembly needs it."""

    articles: Sequence[Article]  # the usable articles, copies included
    chosen: Sequence[ScoredSentence]  # corpus ranking, best first, no two saying one thing
    digest_candidates: Sequence[Sequence[ScoredSentence]]  # each source's own ranking
    facts: Sequence[Fact] = ()
    skipped: Sequence[Skip] = ()
    rejected: Sequence[Rejection] = ()
    repeats: Sequence[tuple[ScoredSentence, str]] = ()
    duplicates: Mapping[str, str] = field(default_factory=dict)


def assemble(heading: Heading, ranked: Ranked, previous: Previous | None = None) -> Brief:
    """The brief: bottom line, dated developments and digest, and for an update what is new."""
    by_id = {a.id: a for a in ranked.articles}
    update = update_of(previous, ranked.articles, ranked.duplicates)
    chosen = list(ranked.chosen)
    left_out: list[Repeat] = []
    if previous is not None and update is not None and update.new_sources:  # update_of: an update has a previous
        chosen, left_out = without_previous(chosen, previous, update)
    lines, capped, cap = capped_lines(chosen, BOTTOM_LINE + DEVELOPMENTS)
    dates = {c.key: dated(c.sentence.text, by_id[c.sentence.article_id].published or heading.generated_at)
             for c in lines}
    lines, merged = one_line_an_event(lines, by_id)
    recency = source_recency(ranked.articles)
    new = {c.key for c in lines if update is not None and c.sentence.article_id in update.new_sources}
    matter = particular_words(lines, ranked.chosen)
    bottom, retold = bottom_line(lines, recency, matter, new) if update is not None and update.new_sources \
        else ([], [])
    if not bottom:
        bottom, retold = bottom_line(lines, recency, matter)
    merged += retold
    rest = [c for c in lines if c.key not in {b.key for b in bottom} | {m.dropped for m in retold}]
    if update is not None and update.new_sources:
        rest = [c for c in rest if c.key in new] + [c for c in rest if c.key not in new][:BACKGROUND]
    rest = rest[:DEVELOPMENTS]
    rest.sort(key=lambda c: (c.key not in new, dates[c.key][0], c.key))  # in an update, new lines first
    items = {c.key: to_item(c, dates[c.key], c.key in new if update is not None else None) for c in lines}
    headline = [items[c.key] for c in bottom] + [items[c.key] for c in rest]
    quoted = {item.key for item in headline}
    repeated = {r.key for r in ranked.rejected if r.rule == "duplicate"}
    seen = {r.key for r in left_out}  # in an update, what the reader saw yesterday
    digest = digest_items(ranked.chosen, ranked.digest_candidates, quoted | repeated | seen,
                          [item.text for item in previous.quoted]
                          if previous is not None and update is not None and update.new_sources else ())
    digest = [with_date(item, dated(item.text, by_id[item.source].published or heading.generated_at))
              for item in digest]  # every quoted line is dated, the digest's too
    sections = (
        Section("bottom_line", SECTION_TITLES["bottom_line"], tuple(items[c.key] for c in bottom)),
        Section("developments", SECTION_TITLES["developments"], tuple(items[c.key] for c in rest)),
        Section("digest", SECTION_TITLES["digest"], tuple(digest)),
    )
    quoted |= {item.key for item in digest}
    return Brief(title=heading.title, slug=heading.slug, generated_at=heading.generated_at,
                 articles=tuple(ranked.articles), sections=sections, facts=tuple(ranked.facts),
                 skipped=tuple(ranked.skipped), rejected=tuple(ranked.rejected), summarizer=heading.summarizer,
                 duplicates=tuple(sorted(ranked.duplicates.items())), window_start=heading.window_start,
                 out_of_window=heading.out_of_window,
                 runners_up=runners_up(ranked.chosen, ranked.repeats, quoted, capped, cap),
                 merged_events=tuple(merged),
                 update=replace(update, left_out=tuple(left_out)) if update is not None else None)


def with_date(item: Item, when: tuple[date, str]) -> Item:
    return replace(item, date=when[0], date_from=when[1])


def to_item(candidate: ScoredSentence, when: tuple[date, str], new: bool | None = None) -> Item:
    s = candidate.sentence
    return Item(text=s.text, source=s.article_id, key=s.key, why=dict(candidate.ranks),
                date=when[0], date_from=when[1], new=new)


def capped_lines(chosen: Sequence[ScoredSentence], wanted: int) -> tuple[list[ScoredSentence], set, int]:
    """The best ``wanted`` candidates with at most MAX_PER_SOURCE of one source, looking
    CAP_DEPTH times ``wanted`` down the ranking; short of that, capped ones fill in."""
    sources = {c.sentence.article_id for c in chosen}
    cap = MAX_PER_SOURCE if len(sources) >= MIN_SOURCES_FOR_CAP else wanted
    per_source: Counter[str] = Counter()
    taken: list[ScoredSentence] = []
    capped: list[ScoredSentence] = []
    for candidate in chosen[: CAP_DEPTH * wanted]:
        if per_source[candidate.sentence.article_id] >= cap:
            capped.append(candidate)
            continue
        per_source[candidate.sentence.article_id] += 1
        taken.append(candidate)
        if len(taken) == wanted:
            break
    if len(taken) < wanted:
        filling = capped[: wanted - len(taken)]
        taken = [c for c in chosen if c in taken or c in filling]
        capped = capped[len(filling):]
    return taken, {c.key for c in capped}, cap


def source_recency(articles: Sequence[Article]) -> dict[str, float]:
    """Each article's recency: 0.0 the newest publication time .. 1.0 the oldest (ties share)."""
    times = sorted({a.published for a in articles if a.published is not None}, reverse=True)
    if len(times) <= 1:
        return {a.id: 0.0 for a in articles}
    place = {t: n / (len(times) - 1) for n, t in enumerate(times)}
    return {a.id: place.get(a.published, 1.0) if a.published else 1.0 for a in articles}


def bottom_line(lines: Sequence[ScoredSentence], recency: Mapping[str, float],
                matter: Mapping[SentenceKey, frozenset[str]], only: set | None = None
                ) -> tuple[list[ScoredSentence], list[MergedEvent]]:
    """BOTTOM_LINE lines from the best-ranked BOTTOM_LINE_FROM, by combined rank plus
    recency, in distinct sources and on distinct matters (``same_matter``, by each
    line's ``particular_words``) where it can; in an update, from the new lines
    (``only``) alone. The combined rank, not the order of the concept cover: the
    cover's gain per word favours short sentences of common word pairs ("As
    diplomatic efforts moved forward, fighting persisted on the ground.").

    Also the lines that gave way for telling a chosen line's matter again: they are
    left off the page (the bottom line tells it), recorded as merged into that line."""
    pool = [c for c in lines if only is None or c.key in only][:BOTTOM_LINE_FROM]
    if not pool:
        return [], []
    place = {c.key: n / len(pool) for n, c in enumerate(sorted(pool, key=lambda c: (c.ranks.get("combined", 1.0),
                                                                                      c.key)))}
    scored = sorted(pool, key=lambda c: (place[c.key] + RECENCY_WEIGHT * recency.get(c.sentence.article_id, 1.0),
                                         c.key))
    chosen: list[ScoredSentence] = []
    retold: list[tuple[ScoredSentence, ScoredSentence]] = []  # a line that gave way, and the line it retells
    for candidate in scored:
        twin = next((c for c in chosen if same_matter(c, candidate, matter)), None)
        if twin is not None:
            retold.append((candidate, twin))
        elif all(c.sentence.article_id != candidate.sentence.article_id for c in chosen):
            chosen.append(candidate)
        if len(chosen) == BOTTOM_LINE:
            break
    for candidate in scored:
        if len(chosen) == min(BOTTOM_LINE, len(scored)):
            break
        if candidate not in chosen:
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: scored.index(c)), [
        MergedEvent(twin.key, line.key, line.sentence.text, RETOLD) for line, twin in retold if line not in chosen]


RETOLD = "the same matter as a line of the bottom line (four particular words shared): the bottom line tells it"


SAME_MATTER_WORDS = 4
"""Particular words two bottom-line lines may share before they are taken for one matter
told twice. The corpus ranking drops repeats by TF-IDF cosine, where the words every
source uses weigh little and a long restatement differs in the rest: on DUC 2006 dev
D0631D two reports of where the strip of metal on the runway came from scored 0.40,
under the 0.5 bar, and both reached the bottom line. On the dev clusters of DUC 2006,
DUC 2003, MultiLing 2011 and DUC 2004 (47 briefs) this changes three bottom lines, each
of which told one matter twice (that metal strip, a commission's retreat before a court
challenge, a coalition deal), and no other; the line that gave way is left off the page. As a repeat rule for the whole ranking
(shared rare stems, cosine from 0.25) the same idea was right about half the time on
the dev sets: two reports on one subject are often two points, and the developments may
hold both. The bottom line is three lines: three matters."""

PARTICULAR_SHARE = 0.05
"""A word is particular to a line when at most this share of the chosen sentences use it."""


def particular_words(lines: Sequence[ScoredSentence], chosen: Sequence[ScoredSentence]
                     ) -> dict[SentenceKey, frozenset[str]]:
    """Each line's particular words: words written in lower case (a name is shared by every
    line about its bearer), of four letters or more, that at most PARTICULAR_SHARE of the
    ``chosen`` sentences (the ranked pool) use."""
    used = Counter(w for c in chosen for w in set(lower_case_words(c.sentence.text)))
    most = max(1.0, PARTICULAR_SHARE * len(chosen))
    return {c.key: frozenset(w for w in lower_case_words(c.sentence.text) if used[w] <= most) for c in lines}


def lower_case_words(text: str) -> list[str]:
    return [w for w in words(text) if len(w) > 3 and w[0].islower()]


def same_matter(a: ScoredSentence, b: ScoredSentence, matter: Mapping[SentenceKey, frozenset[str]]) -> bool:
    """Two lines that share SAME_MATTER_WORDS particular words tell one matter."""
    return len(matter.get(a.key, frozenset()) & matter.get(b.key, frozenset())) >= SAME_MATTER_WORDS


COUNTED = re.compile(r"(?<![\w.,])(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"dozens|hundreds|thousands)\s+(?:more\s+|other\s+)?([a-z]+)", re.I)
CASUALTY = re.compile(r"\b(killed|dead|died|deaths?|death toll|toll|wounded|injured|injuries|missing|"
                      r"casualties|victims|bodies)\b", re.I)
EVENT_OVERLAP = 0.15
"""Share of content words (Jaccard) above which two lines that count the same thing
with different figures report one event (a toll given as 247, then 253). Two
lines about different events of one story share under 0.1 on the embassy-bombing
and Kursk clusters of DUC 2006 dev; updated tolls share 0.15-0.4."""


def one_line_an_event(lines: Sequence[ScoredSentence], by_id: Mapping[str, Article]
                      ) -> tuple[list[ScoredSentence], list[MergedEvent]]:
    """Lines that give a figure for the same count (two death tolls, two crew numbers)
    and share content words are one event: the latest report is kept (the latest
    publication, then the larger figure), the others are recorded as merged into it."""
    kept: list[ScoredSentence] = []
    merged: list[MergedEvent] = []
    for candidate in lines:
        twin = next((k for k in kept if same_event(candidate.sentence.text, k.sentence.text)), None)
        if twin is None:
            kept.append(candidate)
            continue
        newer = max((twin, candidate), key=lambda c: (latest(c, by_id), largest_figure(c.sentence.text)))
        older = candidate if newer is twin else twin
        kept[kept.index(twin)] = newer
        merged.append(MergedEvent(newer.key, older.key, older.sentence.text,
                                  "the same count with another figure: the latest report is kept"))
    return kept, merged


def latest(candidate: ScoredSentence, by_id: Mapping[str, Article]) -> float:
    published = by_id[candidate.sentence.article_id].published
    return published.timestamp() if published else float("-inf")


def counts(text: str) -> set[str]:
    """What the figures of a sentence count: "casualties" for a toll, else the counted noun."""
    found = {"casualties"} if CASUALTY.search(text) and COUNTED.search(text) else set()
    found |= {m.group(2).lower().rstrip("s") for m in COUNTED.finditer(text) if len(m.group(2)) > 3}
    return found


def figures_of(text: str) -> set[str]:
    return {m.group(1).lower().replace(",", "") for m in COUNTED.finditer(text)}


def largest_figure(text: str) -> int:
    return max((int(f) for f in figures_of(text) if f.isdigit()), default=0)


def same_event(a: str, b: str) -> bool:
    shared = counts(a) & counts(b)
    return bool(shared) and figures_of(a) != figures_of(b) and overlap(a, b) >= EVENT_OVERLAP


def overlap(a: str, b: str) -> float:
    x, y = content_words(a), content_words(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def update_of(previous: Previous | None, articles: Sequence[Article], duplicates: Mapping[str, str]
              ) -> Update | None:
    """Which sources are new since the previous brief (copies of old stories are not)."""
    if previous is None:
        return None
    paths = {a.id: a.path for a in articles}
    new = tuple(a.id for a in articles if previous.is_new(a.path)
                and not (a.id in duplicates and not previous.is_new(paths[duplicates[a.id]])))
    return Update(previous.path, previous.generated_at, new)


RESTATES_PREVIOUS = 0.3
"""Share of content words (Jaccard) above which a line restates one the previous brief
quoted. Lower than RESTATES (which keeps a digest line from echoing the page above
it): a rewritten wire report of old news shares about a third of its words with the
original. Chosen on the night simulation (benchmarks/nights.py) on DUC 2006 dev."""


def without_previous(chosen: Sequence[ScoredSentence], previous: Previous, update: Update
                     ) -> tuple[list[ScoredSentence], list[Repeat]]:
    """The candidates less those the previous brief quoted or that restate one of its lines."""
    said = [(item, content_words(item.text)) for item in previous.quoted]
    kept: list[ScoredSentence] = []
    left_out: list[Repeat] = []
    for candidate in chosen:
        repeated = previous_twin(candidate.sentence.text, said)
        if repeated is None:
            kept.append(candidate)
        else:
            left_out.append(Repeat(candidate.key, candidate.sentence.text, repeated.text, repeated.section))
    return kept, left_out


def previous_twin(text: str, said: Sequence[tuple[PreviousItem, frozenset[str]]]) -> PreviousItem | None:
    mine = content_words(text)
    for item, theirs in said:
        if item.text == text or (mine and theirs and len(mine & theirs) / len(mine | theirs) >= RESTATES_PREVIOUS):
            return item
    return None


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
                 quoted: set, seen: Sequence[str] = ()) -> list[Item]:
    """For the best-ranked sources, the best sentence of each not quoted above (nor
    found to repeat a sentence that is: ``quoted`` holds those too), nor restating a
    line of the previous brief (``seen``)."""
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
                                                         if c.key in quoted] + [content_words(t) for t in seen]
        fresh = fresh or [c for c in by_article.get(article_id, ()) if c.key not in quoted
                          and not any(restates(content_words(c.sentence.text), other) for other in said)]
        if fresh:
            s = fresh[0].sentence
            items.append(Item(text=s.text, source=s.article_id, key=s.key, why=dict(fresh[0].ranks)))
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

"""The data that travels between the pipeline's stages.

Every type is a frozen dataclass: a stage takes immutable data and returns new
immutable data, so any stage can be cached, replayed or run in parallel.
Sentences are identified by ``(article_id, index)``, never by their text: two
sources can write the same sentence.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

SentenceKey = tuple[str, int]


class BlockKind(str, enum.Enum):
    """What a block of cleaned text is. Only QUOTABLE kinds feed summaries."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    BOILERPLATE = "boilerplate"

    @property
    def quotable(self) -> bool:
        return self in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)


@dataclass(frozen=True)
class Skip:
    """An input that could not be used, and why (listed in the brief and the log)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Article:
    """One input document as read from disk, before cleaning."""

    id: str
    path: str  # as given, opens from the working folder; "#N" for the Nth record of a file
    title: str
    text: str
    url: str | None = None
    published: datetime | None = None
    title_from: str = "file"  # where the title came from: "file", "first-line", "first-sentence", "name"
    published_from: str = ""  # "file" when the source gives a date, "mtime" for the file's modification time


@dataclass(frozen=True)
class Block:
    """A typed piece of an article's text; ``rule`` names the rule that typed it."""

    kind: BlockKind
    text: str
    rule: str = ""


@dataclass(frozen=True)
class CleanArticle:
    """An article split into typed blocks; its title may come from a title block."""

    article: Article
    blocks: tuple[Block, ...]

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class Sentence:
    """One sentence of a quotable block, verbatim from the source."""

    article_id: str
    index: int  # position among the article's sentences
    text: str
    block: int  # index of the block it comes from
    start: int  # character span in the cleaned text (blocks joined by blank lines)
    end: int
    kind: BlockKind = BlockKind.PARAGRAPH
    position: float = 0.0  # 0.0 first sentence of the article .. 1.0 last

    @property
    def key(self) -> SentenceKey:
        return (self.article_id, self.index)

    def __reduce__(self):
        # Pickled as plain values: every result a worker sends back is pickled, and the
        # cache holds hundreds of thousands of sentences; the default pickling of
        # dataclasses and enums is six times slower to load.
        return (_sentence, ((self.article_id, self.index, self.text, self.block, self.start, self.end,
                             self.kind.value, self.position),))


def _sentence(values: tuple[str, int, str, int, int, int, str, float]) -> Sentence:
    article_id, index, text, block, start, end, kind, position = values
    return Sentence(article_id, index, text, block, start, end, BLOCK_KINDS[kind], position)


BLOCK_KINDS: dict[str, BlockKind] = {kind.value: kind for kind in BlockKind}
"""BlockKind by value, looked up directly: ``BlockKind(value)`` goes through the enum's
call machinery, which a warm run of 10,000 articles did 180,000 times (0.3 s)."""


@dataclass(frozen=True)
class Rejection:
    """A sentence kept out of the brief, and which rule kept it out."""

    key: SentenceKey
    text: str
    rule: str
    detail: str = ""

    def __reduce__(self):
        return (Rejection, (self.key, self.text, self.rule, self.detail))  # see Sentence.__reduce__


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence with the ranks that put it where it is (1 = best)."""

    sentence: Sentence
    score: float
    ranks: dict[str, float] = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> SentenceKey:
        return self.sentence.key

    def __reduce__(self):
        return (ScoredSentence, (self.sentence, self.score, self.ranks))  # see Sentence.__reduce__


@dataclass(frozen=True)
class Fact:
    """A name, figure or date the sources mention, traceable to sentences."""

    kind: str  # "actor", "place", "organisation", "figure", "date", "name"
    text: str
    sources: tuple[str, ...]  # article ids
    sentences: tuple[SentenceKey, ...]
    role: str = ""  # an actor's title as the sources write it ("Labour Minister")
    support: int = 0  # how many sources back it (sentences, when the corpus is one source)
    written_as: tuple[str, ...] = ()  # other forms merged into it ("118 sailors" into "118 crew")

    @property
    def label(self) -> str:
        """How the brief shows it: "Ines Korvald (Labour Minister)"."""
        return f"{self.text} ({self.role})" if self.role else self.text


@dataclass(frozen=True)
class Item:
    """One line of a brief section: a quoted sentence and the source it came from."""

    text: str
    source: str  # article id
    key: SentenceKey | None = None
    why: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    date: date | None = None  # the day of the event it reports (``dates.dated``)
    date_from: str = ""  # "sentence": read from the sentence; "published": its source's publication day
    new: bool | None = None  # in an update: from a source the previous brief had not read


@dataclass(frozen=True)
class MergedEvent:
    """A line left out because another reports the same event (a later figure for the same count)."""

    kept: SentenceKey
    dropped: SentenceKey
    text: str  # the dropped line
    reason: str


@dataclass(frozen=True)
class Repeat:
    """A line left out of an update because the previous brief quoted it or a line it restates."""

    key: SentenceKey
    text: str
    previous_text: str  # the previous brief's line
    previous_section: str


@dataclass(frozen=True)
class Update:
    """How a brief relates to the previous one in its output folder."""

    previous: str  # the previous brief's JSON sidecar
    previous_generated_at: datetime
    new_sources: tuple[str, ...]  # ids of the articles the previous brief had not read
    left_out: tuple[Repeat, ...] = ()


@dataclass(frozen=True)
class RunnerUp:
    """A well-ranked sentence the brief does not quote, and why not."""

    text: str
    source: str
    key: SentenceKey
    reason: str
    why: dict[str, float] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Brief:
    """Everything the renderers need, and everything the JSON sidecar records."""

    title: str
    slug: str
    generated_at: datetime
    articles: tuple[Article, ...]
    sections: tuple[Section, ...]
    facts: tuple[Fact, ...] = ()
    skipped: tuple[Skip, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    summarizer: str = "lexrank"
    duplicates: tuple[tuple[str, str], ...] = ()  # (copy id, original id): articles not used as sources
    written: tuple[str, ...] = ()  # paths of the files the build wrote
    window_start: datetime | None = None  # articles before this were left out (--since)
    out_of_window: int = 0  # how many
    runners_up: tuple[RunnerUp, ...] = ()  # the best sentences left out, with the reason
    merged_events: tuple[MergedEvent, ...] = ()  # lines left out as the same event as a quoted one
    update: Update | None = None  # None: a fresh brief (no previous one, or --fresh)

    def cited_sources(self) -> list[Article]:
        """Articles quoted in the brief, in order of first citation (their [n] numbers)."""
        order = dict.fromkeys(item.source for section in self.sections for item in section.items)
        by_id = {a.id: a for a in self.articles if a.id in order}  # a dozen of thousands, asked for at every cut
        return [by_id[i] for i in order]

    def source_numbers(self) -> dict[str, int]:
        """Article id -> its [n] in the brief, for the cited sources."""
        return {article.id: n for n, article in enumerate(self.cited_sources(), start=1)}

"""One-call versions of stages that the pipeline runs in parts (per article, cached, in
workers): the tests call a stage on a few inputs at once, the package has no use for them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from briefing.dedupe import copies_by_shingles, shingles
from briefing.facts import article_mentions, facts_from_mentions
from briefing.load import find_inputs, read_file, unique_id
from briefing.model import Article, Fact, Sentence, SentenceKey, Skip


def load_articles(names: Iterable[str], exclude: Iterable[str] = ()) -> tuple[list[Article], list[Skip]]:
    """Read every input file; return the articles (with unique ids) and the skipped files with reasons."""
    found = find_inputs(names, exclude)
    articles: list[Article] = []
    skips: list[Skip] = list(found.skips)
    used_ids: set[str] = set()
    for file in found.files:
        for item in read_file(file):
            if isinstance(item, Skip):
                skips.append(item)
            else:
                articles.append(replace(item, id=unique_id(item.id, used_ids)))
    return articles, skips


def find_facts(sentences_by_article: Sequence[Sequence[Sentence]], *,
               central: Collection[SentenceKey] = ()) -> tuple[Fact, ...]:
    """People, figures, dated events and names the sources agree on, most informative first."""
    return facts_from_mentions([(s[0].article_id, article_mentions(s)) for s in sentences_by_article if s],
                               central=central)


def find_duplicate_articles(articles: Sequence[tuple[str, Sequence[Sentence]]]) -> dict[str, str]:
    """Map each copy's article id to the id of the earlier article it copies."""
    return copies_by_shingles([(article_id, shingles(sentences)) for article_id, sentences in articles])

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.clean import classify, clean_article, is_hard_wrapped, split_blocks
from briefing.model import Article, BlockKind

from .conftest import DATA

CASES = json.loads((DATA / "clean_cases.json").read_text(encoding="utf-8"))["lines"]


@pytest.mark.parametrize("case", CASES, ids=[c["line"][:40] for c in CASES])
def test_line_kinds(case):
    block = classify(case["line"])
    assert block.kind.value == case["kind"], f"rule {block.rule!r}"
    assert block.rule, "every block says which rule typed it"


def test_dateline_is_cut_and_the_rest_kept_verbatim():
    block = classify("PORT ALMERY (Meridian Wire) _ Fuel deliveries to the eastern provinces have slowed.")
    assert block.text == "Fuel deliveries to the eastern provinces have slowed."


def article(text: str, title: str = "") -> Article:
    return Article(id="a", path="a.txt", title=title, text=text)


def test_everything_after_an_end_marker_in_the_second_half_is_furniture():
    text = "\n".join([
        "The strike entered its second day on Tuesday, the port authority said.",
        "About 4,200 workers have stopped work at the three container terminals.",
        "Mediated talks are due in Serrin on Wednesday, the labour ministry said.",
        "LEAVE A REPLY",
        "Almery Council Approves New Tram Line to the Waterfront",
        "The council voted on Tuesday to fund the long-awaited tram line to the harbour.",
    ])
    kinds = [b.kind for b in clean_article(article(text)).blocks]
    assert kinds[:3] == [BlockKind.PARAGRAPH] * 3
    assert kinds[3:] == [BlockKind.BOILERPLATE] * 3


def test_end_marker_near_the_top_does_not_eat_the_story():
    text = "Share this:\n" + "\n".join(f"Sentence number {i} of the story is here." for i in range(6))
    kinds = [b.kind for b in clean_article(article(text)).blocks]
    assert kinds == [BlockKind.BOILERPLATE] + [BlockKind.PARAGRAPH] * 6


def test_repeated_paragraph_is_dropped_once():
    text = "The port was closed on Monday by the strike.\nThe port was closed on Monday by the strike.\n"
    blocks = clean_article(article(text)).blocks
    assert [b.rule for b in blocks] == ["paragraph", "repeated-block"]


def test_hard_wrapped_paragraphs_are_joined_but_lists_are_not():
    text = ("The strike that has shut the port since Monday is the\n"
            "first full stoppage there in more than a decade, the union\n"
            "said in a statement issued on Tuesday afternoon in Serrin.\n\n"
            "The union wants three things from the terminal operator and\n"
            "said it would not return to work until they are agreed by all.\n"
            "- A pay rise of 11 percent.\n")
    assert split_blocks(text) == [
        "The strike that has shut the port since Monday is the first full stoppage there in more "
        "than a decade, the union said in a statement issued on Tuesday afternoon in Serrin.",
        "The union wants three things from the terminal operator and said it would not return to "
        "work until they are agreed by all.",
        "- A pay rise of 11 percent.",
    ]


def test_one_paragraph_a_line_is_not_hard_wrapped(shared_corpus):
    for path in sorted(shared_corpus.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        assert not is_hard_wrapped(lines), path.name


def test_untitled_article_gets_its_first_sentence_as_title():
    clean = clean_article(article("The port reopened on Friday after a five-day strike. Ships began to unload."))
    assert clean.article.title == "The port reopened on Friday after a five-day strike"
    assert clean.article.title_from == "first-sentence"


@given(st.text(max_size=400))
def test_cleaning_never_crashes_and_keeps_text(text):
    blocks = clean_article(article(text)).blocks
    for block in blocks:
        assert block.text.strip() == block.text or block.kind is not BlockKind.PARAGRAPH
        assert " ".join(block.text.split()) in " ".join(text.split()) or block.kind in (
            BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.TITLE)


def test_glued_heading_is_split_from_its_sentence():
    text = ("The strike entered its second day on Tuesday, the port authority said.\n"
            "Recommendations for Strengthening US Diplomatic Efforts to Sustain Momentum To effectively maintain "
            "the delicate progress achieved, the United States must adopt a multifaceted approach.\n")
    blocks = clean_article(article(text)).blocks
    assert [(b.kind, b.rule) for b in blocks[1:]] == [(BlockKind.HEADING, "glued-heading"),
                                                       (BlockKind.PARAGRAPH, "paragraph-after-glued-heading")]
    assert blocks[2].text.startswith("To effectively maintain")


def test_names_at_sentence_start_are_not_taken_for_glued_headings():
    text = "United Nations Secretary General Antonio Guterres said the talks would resume on Monday."
    assert [b.kind for b in clean_article(article(text)).blocks] == [BlockKind.PARAGRAPH]


SHARED_NOT_QUOTABLE = json.loads((DATA / "shared_corpus_labels.json").read_text(encoding="utf-8"))["not_quotable"]


def test_shared_corpus_headings_and_furniture_are_not_quotable(shared_corpus):
    typed: dict[str, BlockKind] = {}
    for path in sorted(shared_corpus.glob("*.txt")):
        for block in clean_article(Article(path.stem, str(path), "", path.read_text(encoding="utf-8"))).blocks:
            typed[block.text] = block.kind
    for line in SHARED_NOT_QUOTABLE:
        assert line in typed, f"line not found as a block: {line}"
        assert not typed[line].quotable, f"{line!r} is {typed[line].value}"

"""The one-page fit: the brief it keeps is the one dropping items one at a time would keep.

A model page (heights made up, summed as a page without margins would) checks the search
against the one-at-a-time walk on many briefs; WeasyPrint checks it on real pages."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.errors import RenderError
from briefing.fit import Extent, Geometry, Layout, drop_sequence, fit_to_page, item_mark, source_mark
from briefing.model import Article, Brief, Fact, Item, Section
from briefing.pdf import AssetFetcher, layout
from briefing.render import BUILTIN_TEMPLATES, render_all

from .test_render import brief as small_brief

HEADER, HEADING, LINE, NOTE, FACT = 40.0, 12.0, 6.0, 5.0, 4.0


def model_brief(heights: list[list[int]], facts: int) -> Brief:
    """A brief whose sections hold items of the given heights (their text says it), each item
    from a source of its own but for repeats of the first source."""
    articles = tuple(Article(f"s{i}", f"in/{i}.txt", f"Source {i}", "x") for i in range(40))
    sections = []
    for name, section in zip(("bottom_line", "developments", "digest"), heights, strict=False):
        items = tuple(Item(f"height {h} item {i}", f"s{(i * 7 + len(name)) % 40 if i % 3 else 0}", (name, i))
                      for i, h in enumerate(section))
        sections.append(Section(name, name, items))
    return Brief("Model", "model", small_brief().generated_at, articles, tuple(sections),
                 facts=tuple(Fact("name", f"Fact {i}", ("s0",), (("s0", 0),)) for i in range(facts)))


def model_height(brief: Brief) -> tuple[float, dict[str, Extent]]:
    """The model page's height for a brief and the extents of its marked boxes."""
    marked: dict[str, Extent] = {}
    height = HEADER + FACT * len(brief.facts)
    for section in brief.sections:
        if section.items:
            marked[f"heading {section.name}"] = Extent(HEADING, 0.0, 0.0)
            height += HEADING
        for index, item in enumerate(section.items):
            tall = float(re.match(r"height (\d+)", item.text)[1])
            marked[item_mark(section.name, index)] = Extent(tall, 0.0, 0.0)
            height += tall
    cited = brief.source_numbers()
    for number in cited.values():
        marked[source_mark(number)] = Extent(LINE, 0.0, 0.0)
    height += LINE * len(cited)
    if len(cited) < len(brief.articles):
        marked["note"] = Extent(NOTE, 0.0, 0.0)
        height += NOTE
    return height, marked


def model_layout(capacity: float, with_marks: bool = True, gap: float = 0.0):
    """A lay_out function for the model page: content past ``capacity`` goes to more pages.
    ``gap``: what a page break wastes, as headings kept with what follows do; the estimate of
    an overflowing brief's height is then too high, and the search guesses past the answer."""
    def lay_out(brief: Brief) -> Layout:
        height, marked = model_height(brief)
        pages = 1 if height <= capacity else 1 + math.ceil((height - capacity) / capacity)
        used = (height,) if pages == 1 else (capacity,) * (pages - 1) + (height - capacity * (pages - 1) + gap,)
        return Layout(None, Geometry(pages, capacity, used, marked if with_marks else {}))
    return lay_out


def walked(brief: Brief, capacity: float) -> int | None:
    """How many drops the one-at-a-time walk makes (None: nothing fits)."""
    for drops, step in enumerate(drop_sequence(brief)):
        if model_height(step.brief)[0] <= capacity:
            return drops
    return None


sections = st.lists(st.lists(st.integers(8, 60), min_size=1, max_size=12), min_size=3, max_size=3)


@settings(max_examples=300, deadline=None)
@given(sections, st.integers(0, 6), st.integers(150, 900), st.sampled_from([0.0, 15.0, 90.0]))
def test_the_search_keeps_what_the_walk_keeps(heights, facts, capacity, gap):
    brief = model_brief(heights, facts)
    expected = walked(brief, capacity)
    if expected is None:
        with pytest.raises(RenderError, match="does not fit one page"):
            fit_to_page(brief, model_layout(capacity, gap=gap))
        return
    choice = fit_to_page(brief, model_layout(capacity, gap=gap))
    assert len(choice.dropped) == expected
    assert choice.brief == drop_sequence(brief)[expected].brief
    assert choice.layout.geometry.fits
    if not gap:  # the estimates never pass the answer (a note that appears is all they miss)
        assert choice.layouts <= expected + 1, "no brief laid out that the walk would not lay out"
    plain = fit_to_page(brief, model_layout(capacity, with_marks=False, gap=gap))
    assert plain.brief == choice.brief and plain.layouts == expected + 1, "without marks: the walk itself"


def long_brief(items: int) -> Brief:
    text = ("The harbour master said the queue of ships grew again overnight, and pilots were told to "
            "keep the outer anchorage clear for tankers. ")
    b = small_brief()
    developments = tuple(Item(f"{text * (1 + i % 3)}(line {i})", "a" if i % 2 else "b", ("a", i)) for i in range(items))
    digest = tuple(Item(f"Digest line {i}: {text}", "b", ("b", 20 + i)) for i in range(4))
    return replace(b, sections=(b.sections[0], Section("developments", "Key developments", developments),
                                Section("digest", "Source digest", digest)))


def walk_with_weasyprint(brief: Brief) -> tuple[str, ...]:
    """What dropping one item at a time, laying out every brief until one fits, drops."""
    fetcher = AssetFetcher((BUILTIN_TEMPLATES,))
    steps = drop_sequence(brief)
    for drops, step in enumerate(steps):
        html = render_all(step.brief, ("html",)).outputs["html"].decode()
        if len(layout(html, fetcher, BUILTIN_TEMPLATES).pages) == 1:
            return tuple(s.dropped for s in steps[1:drops + 1])
    raise AssertionError("nothing fits")


def test_on_real_pages_the_fit_keeps_what_the_walk_keeps_in_two_layouts(tmp_path):
    brief = long_brief(16)
    rendered = render_all(brief, ("pdf", "json"))
    assert rendered.pages == 1 and len(rendered.dropped) >= 3, "the example must overflow by a few items"
    assert rendered.dropped == walk_with_weasyprint(brief)
    assert rendered.layouts == 2

    unmarked = (BUILTIN_TEMPLATES / "brief.html.j2").read_text().replace(' data-fit="', ' data-x="')
    (tmp_path / "brief.html.j2").write_text(unmarked)
    plain = render_all(brief, ("pdf",), templates=str(tmp_path))
    assert plain.dropped == rendered.dropped, "a template without marks: the same brief, found by the walk"
    assert plain.layouts == len(rendered.dropped) + 1


def test_the_sources_are_named_once_a_render_however_many_layouts(monkeypatch):
    """The sources' names (short paths, titles, outlets) do not change when items are cut."""
    import briefing.render

    made = []
    real = briefing.render.source_names
    monkeypatch.setattr(briefing.render, "source_names", lambda b: made.append(b.articles) or real(b))
    brief = long_brief(16)
    rendered = render_all(brief, ("pdf", "md"), templates=None)
    assert rendered.layouts >= 2 and rendered.dropped
    assert made == [brief.articles]
    assert briefing.render.context(rendered.brief, "A4", names=real(brief)) == briefing.render.context(
        rendered.brief, "A4")

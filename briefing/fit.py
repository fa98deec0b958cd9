"""Stage 9, render: fitting the brief to one page with as few layouts as possible.

The rule: while the PDF runs past one page, the brief loses the last item of the
least important non-empty section (``sections.DROP_ORDER``; the bottom line keeps
one), then the key facts from the last; the brief shown is the first of that
sequence that fits. Laying a page out is the slow step (0.2 to 0.4 s a layout), and
laying out every brief of the sequence in turn took up to six layouts a night.

So the sequence is searched, not walked:

1. the whole brief is laid out; on one page, that is all;
2. that layout gives the height of every item, source line and section (the boxes
   the HTML template marks with ``data-fit``, read by ``pdf.geometry``) and how far
   the content runs over: the first brief of the sequence that should fit is laid out;
3. a brief that fits is the answer when the brief before it in the sequence certainly
   does not: what that brief adds back (its item, its source's line) is a lower bound
   of its height, and already too tall for the page. Otherwise the brief before it is
   laid out in turn, and so on, until a fitting brief follows one that overflows.

The answer is the one walking the sequence gives, as long as a brief never gets taller
by losing an item; items leave from the end of the page, so no source is renumbered
and that holds (a renumbering is checked for, and then nothing is taken as certain).
A template without the marks, or a WeasyPrint without a readable layout tree, gives
no heights: every guess is then the next brief, which is the walk itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import RenderError
from .model import Brief, Section
from .sections import DROP_ORDER

CERTAINTY_MARGIN = 0.01
"""CSS pixels by which a lower bound of a brief's height must pass the page for the brief to be
taken as overflowing without laying it out. The bound is exact but for float rounding (sums of a
few dozen heights: about 1e-12 px), and WeasyPrint itself lets content pass the page by 1e-9 of
its height (1e-6 px). On the 50 DUC 2006 briefs and the shared corpus's, the bound passed the
page 34 times, twice by less than half a pixel (0.137 and 0.254 px): a margin of half a pixel
would have cost those two a layout each."""


@dataclass(frozen=True)
class Extent:
    """The heights of one marked box (CSS pixels): its border box and its top and bottom
    margins; ``pieces`` > 1 when a page break cut it (the border boxes are then summed, and a
    cut box is stretched to its page's bottom: too tall to be sure of)."""

    border: float
    top: float
    bottom: float
    pieces: int = 1

    @property
    def whole(self) -> float:
        """What the box takes on the page at most, margins included (margins not negative)."""
        return self.border + self.top + self.bottom

    @property
    def spacing(self) -> float:
        """What it takes among siblings alike: between two, their margins collapse into the larger."""
        return self.border + max(self.top, self.bottom)

    @property
    def sound(self) -> bool:
        """Whether bounds may be drawn from it: one piece, and margins that collapse to the larger."""
        return self.pieces == 1 and self.top >= 0 and self.bottom >= 0

    def added_after(self, previous: Extent | None, first: bool) -> float | None:
        """A lower bound of what putting the box back adds to the page's height: its border box
        and, after its sibling ``previous``, the margin between the two (collapsed: the larger),
        less what its own bottom margin may take from ``previous``'s at the end of the parent.
        ``first``: it is the first in its parent, and only its border box is sure. None when
        nothing is sure (a cut box, negative margins, or the previous sibling not measured)."""
        if not self.sound:
            return None
        if first:
            return self.border
        if previous is None or not previous.sound:
            return None
        return self.border + max(previous.bottom, self.top) + min(0.0, self.bottom - previous.bottom)


@dataclass(frozen=True)
class Geometry:
    """What a layout says about heights (CSS pixels): its pages, the height of a page's
    content area, the height each page's content uses (on one page: from the area's top to
    the lowest border edge, which WeasyPrint checks against the page's bottom) and the
    extents of the marked boxes. Empty when the layout tree could not be read."""

    pages: int
    capacity: float = 0.0
    used: tuple[float, ...] = ()
    marked: Mapping[str, Extent] = field(default_factory=dict)

    @property
    def fits(self) -> bool:
        return self.pages <= 1

    @property
    def height(self) -> float:
        """The content's height were it on one endless page (estimated across page breaks)."""
        return sum(self.used)


@dataclass(frozen=True)
class Layout:
    """One brief laid out: the renderer's document (to write), and its geometry."""

    document: Any  # the renderer's own (a WeasyPrint Document), handed back to it to write
    geometry: Geometry


@dataclass(frozen=True)
class Step:
    """One brief of the drop sequence and what it lost against the brief before it."""

    brief: Brief
    dropped: str = ""  # the text of the item or fact dropped
    section: str | None = None  # the dropped item's section; None for a fact (or the first brief)
    index: int = 0  # the dropped item's place in its section
    gone_source: str | None = None  # the source the brief no longer cites (its line leaves the list)


@dataclass(frozen=True)
class Choice:
    """The first brief of the sequence that fits one page, its layout, and the effort."""

    steps: tuple[Step, ...]  # the sequence up to the chosen brief, which is the last
    layout: Layout
    layouts: int  # how many briefs were laid out to find it

    @property
    def brief(self) -> Brief:
        return self.steps[-1].brief

    @property
    def dropped(self) -> tuple[str, ...]:
        return tuple(step.dropped for step in self.steps[1:])


def item_mark(section: str, index: int) -> str:
    """How the template marks an item: ``data-fit="item digest 3"``."""
    return f"item {section} {index}"


def source_mark(number: int) -> str:
    """How the template marks the line of source [n] in the sources list: ``data-fit="source 7"``."""
    return f"source {number}"


def next_step(brief: Brief) -> Step | None:
    """The brief without its next droppable item (the bottom line keeps one), else without its
    last fact; None when nothing is left to drop."""
    sections = {s.name: s for s in brief.sections}
    for name in DROP_ORDER:
        section = sections.get(name)
        minimum = 1 if name == "bottom_line" else 0
        if section is not None and len(section.items) > minimum:
            last = section.items[-1]
            shorter = Section(section.name, section.title, section.items[:-1])
            smaller = replace(brief, sections=tuple(shorter if s.name == name else s for s in brief.sections))
            cited = {item.source for s in smaller.sections for item in s.items}
            return Step(smaller, last.text, name, len(section.items) - 1,
                        None if last.source in cited else last.source)
    if brief.facts:
        return Step(replace(brief, facts=brief.facts[:-1]), brief.facts[-1].text)
    return None


def drop_sequence(brief: Brief) -> tuple[Step, ...]:
    """The brief, then each brief the fit may choose, each one item or fact shorter."""
    steps = [Step(brief)]
    while (step := next_step(steps[-1].brief)) is not None:
        steps.append(step)
    return tuple(steps)


def fit_to_page(brief: Brief, lay_out: Callable[[Brief], Layout]) -> Choice:
    """The first brief of ``drop_sequence(brief)`` that ``lay_out`` puts on one page.

    RenderError when even the last of the sequence needs more than one page."""
    steps = drop_sequence(brief)
    search = Search(steps, lay_out)
    if search.lay_out(0).geometry.fits:
        return Choice(steps[:1], search.laid[0], 1)
    heights = Heights.measured(steps, search.laid[0].geometry)
    last = len(steps) - 1
    over, fits = 0, None  # the most drops known to overflow, the fewest known to fit
    while fits is None or fits - over > 1:
        if fits is None:
            if over == last:
                raise RenderError(f"the brief does not fit one page even with every optional item dropped "
                                  f"({search.laid[over].geometry.pages} pages): check the templates' CSS")
            candidate = heights.first_fitting(search.laid[over].geometry, over, range(over + 1, last + 1))
        elif heights.certainly_overflows(fits, steps[fits], search.laid[fits].geometry):
            break
        else:
            candidate = heights.first_fitting(search.laid[fits].geometry, fits, range(over + 1, fits))
        if search.lay_out(candidate).geometry.fits:
            fits = candidate
        else:
            over = candidate
    return Choice(steps[: fits + 1], search.laid[fits], len(search.laid))


@dataclass
class Search:
    """The briefs of the sequence laid out so far in one fit, by their number of drops."""

    steps: Sequence[Step]
    layout_of: Callable[[Brief], Layout]
    laid: dict[int, Layout] = field(default_factory=dict)

    def lay_out(self, drops: int) -> Layout:
        self.laid[drops] = self.layout_of(self.steps[drops].brief)
        return self.laid[drops]


@dataclass(frozen=True)
class Heights:
    """What each step of the sequence takes off the page, read from the whole brief's layout.

    ``freed[i]`` estimates what step i frees (its item, its source's line, its section's
    heading when the section empties); ``added_back[i]`` is a lower bound of what the brief
    before step i has more, None when nothing is sure (a fact, a renumbering, a template
    without marks, a box a page break cut)."""

    freed: tuple[float, ...]
    added_back: tuple[float | None, ...]

    @classmethod
    def measured(cls, steps: Sequence[Step], whole: Geometry) -> Heights:
        numbers = steps[0].brief.source_numbers()  # the whole brief's, as laid out in ``whole``
        freed: list[float] = [0.0]
        added_back: list[float | None] = [None]
        for before, step in zip(steps, steps[1:], strict=False):
            freed.append(freed_by(step, whole, numbers))
            added_back.append(None if renumbered(before.brief, step.brief) else added_back_by(step, whole, numbers))
        return cls(tuple(freed), tuple(added_back))

    def estimate(self, measured: Geometry, drops: int, target: int) -> float:
        """The height of the brief with ``target`` drops, from the layout of the one with ``drops``."""
        if target >= drops:
            return measured.height - sum(self.freed[drops + 1: target + 1])
        return measured.height + sum(self.freed[target + 1: drops + 1])

    def first_fitting(self, measured: Geometry, drops: int, candidates: range) -> int:
        """The fewest drops among ``candidates`` whose brief should fit the page, by the heights
        measured on the layout with ``drops``; else the candidate whose brief is shortest."""
        estimates = [self.estimate(measured, drops, j) for j in candidates]
        fitting = [j for j, height in zip(candidates, estimates, strict=True) if height <= measured.capacity]
        return fitting[0] if fitting else candidates[estimates.index(min(estimates))]

    def certainly_overflows(self, drops: int, step: Step, fitting: Geometry) -> bool:
        """Whether the brief before the one with ``drops`` (``step``; its layout, ``fitting``, is one
        page) is sure to need a second page: the page's content plus a lower bound of what it adds
        back runs past the page. The note under the sources ("N more sources read") counts the uncited
        sources: when a source's line comes back the note may shrink, so all of it is taken off."""
        extra = self.added_back[drops]
        if extra is None or not fitting.used:
            return False
        note = fitting.marked.get("note") if step.gone_source else None
        if note is not None and not note.sound:
            return False
        bound = fitting.used[0] + extra - (note.whole if note else 0.0)
        return bound > fitting.capacity + CERTAINTY_MARGIN


def freed_by(step: Step, whole: Geometry, numbers: Mapping[str, int]) -> float:
    """An estimate of what a step takes off the page: its item, its source's line, and the
    section's heading when the section empties (0 for a fact: facts are not measured)."""
    if step.section is None:
        return 0.0
    item = whole.marked.get(item_mark(step.section, step.index))
    line = whole.marked.get(source_mark(numbers[step.gone_source])) if step.gone_source else None
    heading = whole.marked.get(f"heading {step.section}") if step.index == 0 else None
    return (item.spacing if item else 0.0) + (line.spacing if line else 0.0) + (heading.whole if heading else 0.0)


def added_back_by(step: Step, whole: Geometry, numbers: Mapping[str, int]) -> float | None:
    """A lower bound of what the brief before a step has more than the step's: the item (with
    its whole section when the step emptied it) and, when its source left, the source's line."""
    if step.section is None:
        return None
    if step.index == 0:
        item = section_with_first_item(whole, step.section)
    else:
        item = marked_after(whole, item_mark(step.section, step.index), item_mark(step.section, step.index - 1))
    if item is None or step.gone_source is None:
        return item
    number = numbers[step.gone_source]
    line = marked_after(whole, source_mark(number), source_mark(number - 1) if number > 1 else None)
    return None if line is None else item + line


def marked_after(whole: Geometry, mark: str, previous: str | None) -> float | None:
    """A lower bound of what the marked box adds after its sibling ``previous`` (None: the first)."""
    box = whole.marked.get(mark)
    if box is None:
        return None
    return box.added_after(whole.marked.get(previous) if previous else None, first=previous is None)


def section_with_first_item(whole: Geometry, name: str) -> float | None:
    """A lower bound of the height of a section holding only its first item: its heading, the
    heading's bottom margin (the item's margins collapse with it, or add to it), and the item.
    Put back between two blocks, a section adds at least its border box, which holds these."""
    heading, item = whole.marked.get(f"heading {name}"), whole.marked.get(item_mark(name, 0))
    if heading is None or item is None or not (heading.sound and item.sound):
        return None
    return heading.border + heading.bottom + item.border


def renumbered(before: Brief, after: Brief) -> bool:
    """Whether a source has a different [n] in ``after`` than in ``before``."""
    numbers = before.source_numbers()
    return any(numbers.get(source) != n for source, n in after.source_numbers().items())

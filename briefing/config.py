"""One frozen configuration object for a run: defaults live here, in code.

Every option is documented on its field. ``Config.validated()`` checks all of
them at the start of a run and reports every problem together, so a nightly
job fails at once with one readable message instead of half-way through.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from .errors import ConfigError

PAGE_SIZES = ("A4", "Letter")
FORMATS = ("md", "pdf", "json", "html")


@dataclass(frozen=True)
class Config:
    inputs: tuple[str, ...] = ()
    """Files and folders to read. Folders are searched recursively for readable files."""

    output_dir: str = "output"
    """Where ``<date>-<slug>.md/.pdf/.json`` are written. Created if missing."""

    title: str | None = None
    """Title of the brief; by default made from the input folder's name."""

    summarizer: str = "lexrank"
    """Per-article sentence ranker, one of ``briefing.rank.SUMMARIZERS``."""

    focus: str | None = None
    """Optional topic description; biases the cross-corpus ranking toward it."""

    page_size: str = "A4"
    """Paper size of the PDF: A4 or Letter."""

    formats: tuple[str, ...] = ("md", "pdf", "json")
    """Which outputs to write: any of md, pdf, json, html."""

    templates: str | None = None
    """A folder whose templates override the built-in ones (missing files fall back)."""

    generated_at: datetime | None = None
    """Build time shown in the brief and used in file names; default: now, or
    ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""

    def validated(self) -> Config:
        """Return the config with derived defaults filled in, or raise one
        ConfigError listing every problem found."""
        from .rank import SUMMARIZERS  # the registry lives with the rankers

        problems: list[str] = []
        if not self.inputs:
            problems.append("no input given: name a folder or files of articles")
        for path in self.inputs:
            if not Path(path).exists():
                problems.append(f"input not found: {path}")
        if self.summarizer not in SUMMARIZERS:
            problems.append(
                f"unknown summarizer {self.summarizer!r}; valid names: {', '.join(SUMMARIZERS)}"
            )
        if self.page_size not in PAGE_SIZES:
            problems.append(f"unknown page size {self.page_size!r}; valid: {', '.join(PAGE_SIZES)}")
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            problems.append(f"unknown format(s) {unknown or '(none)'}; valid: {', '.join(FORMATS)}")
        if self.templates is not None and not Path(self.templates).is_dir():
            problems.append(f"templates folder not found: {self.templates}")
        if problems:
            raise ConfigError("; ".join(problems))
        return replace(self, generated_at=self.generated_at or build_time())


def build_time() -> datetime:
    """Now, unless SOURCE_DATE_EPOCH pins it (https://reproducible-builds.org/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except ValueError as exc:
            raise ConfigError(f"SOURCE_DATE_EPOCH must be whole seconds, got {epoch!r}") from exc
    return datetime.now().astimezone()

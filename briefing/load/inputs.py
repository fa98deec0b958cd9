"""Which files are inputs: the one place where a path found on disk becomes a file we read.

A path named on the command line, or found below a named folder, is an input
only when it is

- a regular file: never a FIFO, socket or device (opening a FIFO waits for a
  writer for ever) and never what a symbolic link points to outside the named
  inputs (``ln -s /etc/passwd IN/passwd.txt`` must not put it on the page);
- of a type a reader handles, decided from its name without opening it;
- at most ``MAX_BYTES`` long, decided from ``stat`` without reading it;
- not in the output or cache folders: a brief never reads its own earlier briefs.

Everything else found is skipped with the reason, except hidden files and the
output and cache folders' contents, which are not inputs at all and are left
out silently. A file reached twice (named twice, or through a link inside the
inputs, or a hard link) is read once, under the first path found.

``InputFile.read_bytes`` is the only way the readers and the cache get a
file's bytes: it opens without blocking and checks again, on the open file,
that it is the same regular file that was found, so a file swapped for a FIFO
or a larger file between the two steps is refused, not waited on.

Paths are shown in the brief, the JSON and the log with ``shown_path``: bytes
that are not UTF-8 and control characters as ``\\xNN``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model import Skip
from ..names import DATED_STEM
from .records import UnreadableFile

MAX_BYTES = 20_000_000
"""Larger files are skipped, from their size on disk: no news article, feed or
export of a day's articles is 20 MB of text, and a video or a disk image that
happens to sit in the folder is never read."""

OUTPUT_NAMES = re.compile(r"latest\.[A-Za-z]+|index\.html|feed\.atom")
"""Files an output folder holds besides dated briefs (``write.write_outputs``, ``archive``):
left out silently when the output folder is itself an input folder. The lock
file is hidden, so it is never an input."""

DATED_BRIEF = re.compile(rf"{DATED_STEM}\.(md|json|html|pdf)")
"""How ``write.output_base`` names a brief: skipped, with the reason, in an
output folder that is itself an input folder."""


@dataclass(frozen=True)
class InputFile:
    """A regular file accepted as an input, and what ``stat`` said of it when it was found."""

    path: Path  # as found: opens from the working folder
    size: int
    mtime_ns: int
    identity: tuple[int, int]  # (device, inode): the file found is the file read
    ctime_ns: int = 0  # the inode's change time: any write to the file moves it, and no tool sets it

    @property
    def shown(self) -> str:
        return shown_path(self.path)

    def read_bytes(self) -> bytes:
        """The file's bytes, or UnreadableFile with the reason (see the module's docstring)."""
        return read_regular_file(self.path, MAX_BYTES, self.identity)

    def shipped(self) -> ShippedFile:
        """The file with its bytes read now, to be read by a process that cannot open it
        (a worker on another machine): the same bytes, or the same reason it cannot be read."""
        try:
            return ShippedFile(self.path, self.size, self.mtime_ns, self.identity, self.ctime_ns, self.read_bytes())
        except UnreadableFile as exc:
            return ShippedFile(self.path, self.size, self.mtime_ns, self.identity, self.ctime_ns, None, str(exc))


@dataclass(frozen=True)
class ShippedFile(InputFile):
    """An input file's bytes as read where it was found (``InputFile.shipped``)."""

    data: bytes | None = None
    unreadable: str = ""

    def read_bytes(self) -> bytes:
        if self.data is None:
            raise UnreadableFile(self.unreadable)
        return self.data


@dataclass(frozen=True)
class Inputs:
    """The files to read, in a stable order, and the paths found that are not read, with why."""

    files: tuple[InputFile, ...]
    skips: tuple[Skip, ...]


def read_regular_file(path: Path, limit: int | None = None, identity: tuple[int, int] | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file (and the one with ``identity``), at
    most ``limit`` of them; UnreadableFile otherwise. Opening never blocks: ``O_NONBLOCK``
    makes opening a FIFO return at once, and the open file is checked before any read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from exc
    with open(handle, "rb", closefd=True) as file:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise UnreadableFile(f"not a regular file ({file_kind(found.st_mode)}); only regular files are read")
        if identity is not None and (found.st_dev, found.st_ino) != identity:
            raise UnreadableFile("replaced by another file while the inputs were read")
        if limit is not None and found.st_size > limit:
            raise UnreadableFile(too_large(found.st_size))
        try:
            data = file.read() if limit is None else file.read(limit + 1)
        except OSError as exc:
            raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from exc
    if limit is not None and len(data) > limit:
        raise UnreadableFile(too_large(len(data)))
    return data


def too_large(size: int) -> str:
    return f"too large ({size:,} bytes; limit {MAX_BYTES:,})"


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "not a file"


UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
"""Characters a path is not shown with: control characters (a newline would split a
log line, an escape sequence would drive the terminal), the lone surrogates that
stand for bytes that are not UTF-8 (PEP 383: they cannot be written as UTF-8), and
bidirectional overrides (they would show a name reversed)."""


def shown_path(path: Path | str) -> str:
    """``path`` as the brief, the JSON and the log show it: bytes of the name that are not
    UTF-8 as ``\\xNN`` (``b"\\xff.txt"`` -> ``\\xff.txt``), control characters as ``\\xNN``,
    bidirectional overrides as ``\\uNNNN``; every other character as it is."""
    return UNSHOWABLE.sub(escaped_character, str(path))


def escaped_character(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode stands for it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@dataclass(frozen=True)
class Bounds:
    """Where inputs may be: real paths (links resolved, as strings: 10,000 ``Path``
    comparisons cost a second) of the named folders and files, and of the folders whose
    contents are never inputs."""

    folders: tuple[str, ...]
    files: frozenset[str]
    excluded: tuple[str, ...]  # output and cache folders outside the named folders, or inside one
    shared: tuple[str, ...]  # an output folder that is a named folder or holds one: only its outputs are left out

    @classmethod
    def of(cls, names: Iterable[str], exclude: Iterable[str]) -> Bounds:
        real = [(os.path.realpath(name), os.path.isdir(name)) for name in names]
        folders = tuple(path for path, is_folder in real if is_folder)
        excluded = [os.path.realpath(name) for name in exclude]
        holds_input = [any(within(folder, e) for folder in folders) for e in excluded]
        return cls(folders, frozenset(path for path, is_folder in real if not is_folder),
                   tuple(e for e, holds in zip(excluded, holds_input, strict=True) if not holds),
                   tuple(e for e, holds in zip(excluded, holds_input, strict=True) if holds))

    def inside(self, real: str) -> bool:
        return real in self.files or any(within(real, folder) for folder in self.folders)

    def left_out(self, real: str) -> bool:
        """In the output or cache folder: not an input, and not worth a word."""
        return (any(within(real, folder) for folder in self.excluded)
                or (os.path.dirname(real) in self.shared and OUTPUT_NAMES.fullmatch(os.path.basename(real)) is not None))

    def brief_named(self, real: str) -> bool:
        return os.path.dirname(real) in self.shared and DATED_BRIEF.fullmatch(os.path.basename(real)) is not None


def within(real: str, folder: str) -> bool:
    """Whether the real path ``real`` is ``folder`` or below it."""
    return real == folder or real.startswith(folder if folder.endswith(os.sep) else folder + os.sep)


def find_inputs(names: Iterable[str], exclude: Iterable[str] = (), readable: Collection[str] = ()) -> Inputs:
    """The input files among ``names`` (files, and every non-hidden file below folders) in a
    stable order, and a Skip for each path found that is not read. ``exclude``: the output
    and cache folders; ``readable``: the file suffixes a reader handles."""
    names = list(names)
    bounds = Bounds.of(names, exclude)
    files: list[InputFile] = []
    skips: list[Skip] = []
    seen: set[tuple[int, int]] = set()
    for path, real, named in candidates(names, bounds):
        found = admit(path, real, named, bounds, readable)
        if isinstance(found, Skip):
            skips.append(found)
        elif found is not None and found.identity not in seen:
            seen.add(found.identity)
            files.append(found)
    return Inputs(tuple(files), tuple(skips))


Candidate = tuple[Path, "str | Skip", bool]
"""A path found, its real path (or why it cannot be looked at), and whether it was named."""


def candidates(names: list[str], bounds: Bounds) -> list[Candidate]:
    """The paths to look at: each name in turn, a folder's files sorted by their path's parts."""
    found: list[Candidate] = []
    for name in dict.fromkeys(names):
        if os.path.isdir(name):
            found.extend(sorted(below(name, bounds), key=lambda candidate: candidate[0].parts))
        else:
            found.append((Path(name), os.path.realpath(name), True))
    return found


def below(root: str, bounds: Bounds) -> list[Candidate]:
    """Every non-hidden file below ``root``, with its real path; a Skip for a folder that
    cannot be listed and for a link to a folder outside the inputs (links to folders
    are never followed: one inside the inputs adds nothing, its files are found where they are)."""
    found: list[Candidate] = []

    def unlistable(error: OSError) -> None:
        where = Path(error.filename or root)
        found.append((where, Skip(shown_path(where), f"cannot list folder: {error.strerror or error}"), False))

    for folder, folders, files in os.walk(root, onerror=unlistable):
        real_folder = os.path.realpath(folder)
        if bounds.left_out(real_folder):
            folders[:] = []
            continue
        kept = []
        for name in folders:
            path = os.path.join(folder, name)
            if name.startswith("."):
                continue
            if os.path.islink(path):
                if not bounds.inside(os.path.realpath(path)) and not bounds.left_out(os.path.realpath(path)):
                    found.append((Path(path), Skip(shown_path(path), "a symbolic link to a folder outside the "
                                                                     "inputs; not followed"), False))
            elif not bounds.left_out(os.path.join(real_folder, name)):
                kept.append(name)
        folders[:] = kept
        for name in files:
            if not name.startswith("."):
                path = os.path.join(folder, name)
                real = os.path.realpath(path) if os.path.islink(path) else os.path.join(real_folder, name)
                found.append((Path(path), real, False))
    return found


def admit(path: Path, real: str | Skip, named: bool, bounds: Bounds, readable: Collection[str]
          ) -> InputFile | Skip | None:
    """The input file at ``path``, a Skip saying why it is not one, or None when it is an
    output of this tool (not an input, and not worth a word)."""
    if isinstance(real, Skip):
        return real
    shown = shown_path(path)
    if bounds.left_out(real):
        return Skip(shown, "in the output or cache folder: an output, never an input") if named else None
    if bounds.brief_named(real):
        return Skip(shown, "named like a brief in the output folder, which is an input folder: not read "
                           "(write briefs to a folder outside the inputs with -o)")
    if not bounds.inside(real):
        return Skip(shown, "a symbolic link to a file outside the inputs; not followed")
    try:
        found = os.stat(path)
    except OSError as exc:
        reason = "a broken symbolic link" if os.path.islink(path) else f"cannot read: {exc.strerror or exc}"
        return Skip(shown, reason)
    if not stat.S_ISREG(found.st_mode):
        return Skip(shown, f"not a regular file ({file_kind(found.st_mode)}); only regular files are read")
    if path.suffix.lower() not in readable:
        return Skip(shown, f"unsupported file type {path.suffix or '(none)'!r}; readable: {', '.join(readable)}")
    if found.st_size > MAX_BYTES:
        return Skip(shown, too_large(found.st_size))
    return InputFile(path, found.st_size, found.st_mtime_ns, (found.st_dev, found.st_ino), found.st_ctime_ns)

"""The exceptions the library raises. The CLI alone turns them into messages
and exit codes; nothing here knows about the command line."""


class BriefingError(Exception):
    """Base of every expected failure. The message says what to do next."""

    exit_status = 1


class ConfigError(BriefingError):
    """Bad options or configuration: an unknown name, a missing input folder."""

    exit_status = 2


class NoUsableInput(BriefingError):
    """Every input was skipped or empty, so no brief can be made."""


class RenderError(BriefingError):
    """A template failed, or the brief could not be laid out on one page."""


class OutputError(BriefingError):
    """The output folder cannot be written."""


class LockHeld(BriefingError):
    """Another run holds the output folder's lock."""

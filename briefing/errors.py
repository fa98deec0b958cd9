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


class PdfUnavailable(RenderError):
    """A PDF was asked for but WeasyPrint, or the system libraries it lays text out
    with (Pango, HarfBuzz), cannot be loaded. Other formats need neither."""


class OutputError(BriefingError):
    """A file or folder the run writes cannot be written (the output folder, the
    starter brief.toml): a missing parent folder, no permission, a full disk."""


class LockHeld(BriefingError):
    """Another run holds the output folder's lock."""


class WorkerDied(BriefingError):
    """A worker process was killed from outside (most often by the out-of-memory killer)."""


class SchedulerUnavailable(BriefingError):
    """The Dask scheduler given with ``--scheduler`` cannot be reached (or was lost
    mid-run), or Dask is not installed (``pip install "situation-brief[dask]"``)."""


class Stopped(BaseException):
    """The run was asked to stop by a signal (SIGTERM, SIGHUP). A BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` on the way up swallows it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    def __str__(self) -> str:
        import signal

        return signal.Signals(self.signum).name

"""``python -m briefing``: the ``brief`` command, for when the script is not on PATH."""

from .cli import entry

if __name__ == "__main__":
    entry()

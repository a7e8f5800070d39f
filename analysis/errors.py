"""The project's exception for user mistakes, and the warnings collected for skipped input."""

from __future__ import annotations

from dataclasses import dataclass


class FramelensError(Exception):
    """A user mistake (missing file, bad column, broken lexicon).

    The message names the file, line or column and what to do; the command line prints it
    on one line and exits with status 2.
    """


@dataclass(frozen=True)
class InputWarning:
    """Something in the input that was skipped or changed on the way in.

    ``source`` names the file (or table row); ``problem`` says what happened in plain words.
    """

    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"

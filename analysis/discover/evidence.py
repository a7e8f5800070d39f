"""Evidence that two candidates are two labels for one thing, not two things of one kind.

Distributional similarity groups words used in the same contexts: labels for one thing
("illegal immigrant" / "undocumented immigrant"), but also two things of one kind (two
pollsters, two parties, two diseases) and words of one topic ("virus" / "pandemic"). One
measure helps (it does not tell every such pair apart):

- :func:`closeness`: two things of one kind are often named side by side ("killed and
  wounded", "3 kilometers (2 miles)", "women and children"), while a label stands where
  another would: the share of the rarer term's uses with the other term within ``NEAR``
  tokens (uses that share a token, parts of one phrase, do not count).
"""

from __future__ import annotations

import numpy as np

from analysis.discover.vectors import TermSpace

NEAR = 10
"""Tokens either side of a use within which the other term counts as named together."""


def closeness(space: TermSpace, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """For each pair: the share (0-1) of the rarer term's uses that have a use of the other
    term within ``NEAR`` tokens in the same text."""
    positions, texts, bounds = space.uses_by_candidate
    shares = np.zeros(first.size)
    for index, (one, other) in enumerate(zip(first.tolist(), second.tolist(), strict=True)):
        if bounds[one + 1] - bounds[one] > bounds[other + 1] - bounds[other]:
            one, other = other, one
        mine = slice(bounds[one], bounds[one + 1])
        theirs = slice(bounds[other], bounds[other + 1])
        if positions[mine].size == 0 or positions[theirs].size == 0:
            continue
        near = np.zeros(positions[mine].size, dtype=bool)
        found = np.searchsorted(positions[theirs], positions[mine])
        # Uses that share a token ("Jabhat al-Nusra terrorists") are one phrase, not two.
        overlap = int(space.words[one] + space.words[other]) // 2
        for step in (-2, -1, 0, 1):  # the other term's nearest uses before and after
            at = np.clip(found + step, 0, positions[theirs].size - 1)
            distance = np.abs(positions[theirs][at] - positions[mine])
            near |= ((distance <= NEAR) & (distance >= overlap)
                     & (texts[theirs][at] == texts[mine]))
        shares[index] = near.mean()
    return shares

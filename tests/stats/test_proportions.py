"""The Wilson score interval of a proportion."""

import numpy as np
import pytest

from analysis.errors import FramelensError
from analysis.stats import wilson_interval


def test_wilson_interval_matches_the_textbook_values():
    low, high = wilson_interval([8, 0, 20], [10, 5, 20])
    # 8 of 10: 0.490-0.943; 0 of 5: 0-0.434; 20 of 20: 0.839-1 (Wilson 1927, z = 1.96).
    assert low == pytest.approx([0.4902, 0.0, 0.8389], abs=1e-4)
    assert high == pytest.approx([0.9433, 0.4345, 1.0], abs=1e-4)


def test_wilson_interval_is_empty_without_trials_and_checks_its_input():
    low, high = wilson_interval([0], [0])
    assert np.isnan(low[0]) and np.isnan(high[0])
    with pytest.raises(FramelensError):
        wilson_interval([3], [2])

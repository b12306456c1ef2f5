"""Apply a per-value normaliser to a column by its unique values, then map back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd


class Outcome(NamedTuple):
    """A normalised value, or an error; a warning may accompany a value."""

    value: Any = None
    error: str | None = None
    warning: str | None = None


Normaliser = Callable[[Any], Outcome]
EMPTY = Outcome()


def ok(value: Any, warning: str | None = None) -> Outcome:
    return Outcome(value, None, warning)


def bad(message: str) -> Outcome:
    return Outcome(None, message, None)


class Column(NamedTuple):
    """A normalised column: values (object array) and per-cell error/warning texts or None."""

    values: np.ndarray
    errors: np.ndarray
    warnings: np.ndarray


class Factored(NamedTuple):
    """A column normalised once per distinct value: ``codes`` point into the per-value arrays,
    whose last slot (index -1) serves empty cells."""

    codes: np.ndarray
    values: np.ndarray
    errors: np.ndarray
    warnings: np.ndarray

    def column(self) -> Column:
        return Column(self.values[self.codes], self.errors[self.codes], self.warnings[self.codes])


def factored(series: pd.Series, fn: Normaliser) -> Factored:
    """Run ``fn`` once per distinct value (NA stays NA)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    size = len(uniques) + 1  # the extra slot, at index -1, serves NA cells
    values, errors, warnings = (np.full(size, None, dtype=object) for _ in range(3))
    for i, unique in enumerate(uniques):
        values[i], errors[i], warnings[i] = fn(unique)
    return Factored(codes, values, errors, warnings)


def by_unique(series: pd.Series, fn: Normaliser) -> Column:
    """Run ``fn`` once per distinct value (NA stays NA) and spread the results."""
    return factored(series, fn).column()

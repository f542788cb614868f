"""A figure's definition, declared once by the app that owns its records.

Each app lists its figures in `<app>/figures.py` as `FIGURES = [Figure(...), ...]`; the
figures app collects them through the app registry, so no app imports the figures app and the
figures app imports no app. Every page that shows a figure uses this one definition.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class Figure:
    key: str  # unique across apps, e.g. "events.held"
    name: str  # gettext_lazy
    unit: str  # gettext_lazy: "events", "people", "%"
    definition: str  # gettext_lazy: one sentence saying what it counts
    # compute(year) -> number; None for a figure entered by hand with its source document.
    compute: Callable[[int], Number] | None = None
    # Dimensions it can be broken down by besides the year ("district", "unit_kind"…) and
    # by(year, dimension) -> {label: number} for them.
    dimensions: tuple[str, ...] = ("year",)
    by: Callable[[int, str], dict[str, Number]] | None = None
    public: bool = True
    # Raised when the definition changes meaning: values stored under an older version are
    # recomputed, and a frozen value keeps the version it was published under.
    version: int = 1
    # records(year) -> a text summarising the records counted (count, last change); the
    # fingerprint changes when they do. Without it the value itself is fingerprinted.
    records: Callable[[int], str] | None = None
    order: int = 100
    # records_url(year) -> the list page of the records counted, where the app offers one.
    records_url: Callable[[int], str] | None = None
    # How years add up over a council term: "sum" for counts, "mean" for rates and shares;
    # "" decides by the unit (a "%" figure is averaged, any other summed).
    over_years: str = ""

    @property
    def hand_entered(self) -> bool:
        return self.compute is None

    @property
    def term_aggregate(self) -> str:
        if self.over_years:
            return self.over_years
        return "mean" if str(self.unit) == "%" else "sum"


@dataclass(frozen=True)
class Column:
    name: str  # the CSV header, plain ASCII: "starts_at"
    description: str  # gettext_lazy: what the column holds, for the README


@dataclass(frozen=True)
class Dataset:
    """A public dataset of the open-data download: one CSV with a README of its columns.

    Apps may list `DATASETS = [Dataset(...)]` in their `<app>/figures.py` beside `FIGURES`.
    rows() yields one sequence per row, in the order of `columns`; it must carry no personal
    data (names of people, phones, ID numbers, e-mail addresses)."""

    key: str  # file name without extension, e.g. "events"
    name: str  # gettext_lazy
    description: str  # gettext_lazy: what one row is
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[Sequence]]
    order: int = 100


def fingerprint(*parts) -> str:
    """A short digest of whatever identifies the records behind a value."""
    text = "|".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]

"""Council terms in figures: every figure over a term's years, beside the previous term's.

The terms are the members app's (number, name, dates). A year counts in the term that holds
most of its days, so consecutive terms never share a year: a term of 1 June 2015 to 31 May
2020 counts 2015 to 2020 when the next one starts later than 1 June 2020.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404

from qualitymonth.core.figures import Figure
from qualitymonth.figures.models import HandEntry
from qualitymonth.figures.registry import all_figures
from qualitymonth.figures.selectors_trends import shown_values, trend_charts
from qualitymonth.members.models import CouncilTerm


def _days_in(term: CouncilTerm, year: int) -> int:
    first = max(term.starts_on, datetime.date(year, 1, 1))
    last = min(term.ends_on, datetime.date(year, 12, 31))
    return max((last - first).days + 1, 0)


def term_years(terms: list[CouncilTerm]) -> dict[int, list[int]]:
    """{term number: the years it counts}, each year given to one term only."""
    years: dict[int, list[int]] = {term.number: [] for term in terms}
    if not terms:
        return years
    first = min(term.starts_on.year for term in terms)
    last = max(term.ends_on.year for term in terms)
    for year in range(first, last + 1):
        days = [(_days_in(term, year), term.number) for term in terms]
        most, number = max(days)  # a tie goes to the later term
        if most:
            years[number].append(year)
    return years


def all_terms() -> list[dict]:
    terms = list(CouncilTerm.objects.order_by("number"))
    years = term_years(terms)
    return [{"term": term, "years": years[term.number]} for term in reversed(terms)]


@dataclass
class TermRow:
    figure: Figure
    value: Decimal | None
    by_year: dict[int, Decimal] = field(default_factory=dict)
    missing: list[int] = field(default_factory=list)  # years of the term without a value
    previous: Decimal | None = None
    sources: list[str] = field(default_factory=list)  # reports the hand-entered years cite

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        if self.change is None or not self.previous:
            return None
        return (self.change * 100 / self.previous).quantize(Decimal("0.1"))


def _over(figure: Figure, values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    total = sum(values, Decimal(0))
    if figure.term_aggregate == "mean":
        return (total / len(values)).quantize(Decimal("0.1"))
    return total


def term_page(number: int, *, public: bool) -> dict:
    terms = list(CouncilTerm.objects.order_by("number"))
    term = next((t for t in terms if t.number == number), None)
    if term is None:
        raise Http404
    years = term_years(terms)
    earlier = [t for t in terms if t.number < number and years[t.number]]
    previous = earlier[-1] if earlier else None
    mine = years[number]
    before = years[previous.number] if previous else []
    shown = shown_values(mine + before)
    sources: dict[str, set[str]] = {}
    for key, name in HandEntry.objects.filter(year__in=mine).values_list("key", "source_name"):
        sources.setdefault(key, set()).add(name)
    rows = []
    for figure in all_figures():
        if public and not figure.public:
            continue
        by_year = {y: shown[(figure.key, y)] for y in mine if (figure.key, y) in shown}
        earlier_values = [shown[(figure.key, y)] for y in before if (figure.key, y) in shown]
        rows.append(
            TermRow(
                figure=figure,
                value=_over(figure, list(by_year.values())),
                by_year=by_year,
                missing=[y for y in mine if y not in by_year],
                previous=_over(figure, earlier_values),
                sources=sorted(sources.get(figure.key, ())),
            )
        )
    return {
        "term": term,
        "years": mine,
        "previous": previous,
        "previous_years": before,
        "rows": rows,
        "has_data": any(row.value is not None for row in rows),
        "charts": trend_charts([row.figure for row in rows], before + mine),
    }

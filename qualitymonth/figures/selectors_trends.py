"""Figures over the years, for the trend charts: the value each year's page shows."""

from decimal import Decimal

from qualitymonth.core.figures import Figure
from qualitymonth.figures.models import FigureValue


def shown_values(years: list[int]) -> dict[tuple[str, int], Decimal]:
    """Each figure's value per year as the year page shows it: the published one if frozen."""
    shown: dict[tuple[str, int], Decimal] = {}
    rows = FigureValue.objects.filter(year__in=years, dimension="").order_by("frozen")
    for row in rows:  # frozen rows come last and win
        shown[(row.key, row.year)] = row.value
    return shown


def trend_charts(figures: list[Figure], years: list[int]) -> list[dict]:
    """One chart per figure with at least two years of values (one query)."""
    shown = shown_values(years)
    charts = []
    for figure in figures:
        points = [(y, shown[(figure.key, y)]) for y in years if (figure.key, y) in shown]
        if len(points) < 2:
            continue
        charts.append(
            {
                "id": f"trend-{figure.key}",
                "name": str(figure.name),
                "unit": str(figure.unit),
                "years": [str(y) for y, _v in points],
                "values": [float(v) for _y, v in points],
            }
        )
    return charts

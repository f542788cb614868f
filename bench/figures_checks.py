"""The year-in-figures bench's checks: the platform's numbers (each stored figure and
district value, each number on the year page) against the hand SQL's (figures_sql.py)."""

import re
from decimal import Decimal


def stored_figures(year: int) -> tuple[dict[str, Decimal], dict[str, dict[str, Decimal]]]:
    """What the worker stored: the city's current values and each district's."""
    from qualitymonth.figures.models import FigureValue

    figures: dict[str, Decimal] = {}
    districts: dict[str, dict[str, Decimal]] = {}
    for key, dimension, value in FigureValue.objects.filter(year=year, frozen=False).values_list(
        "key", "dimension", "value"
    ):
        if dimension:
            districts.setdefault(key, {})[dimension.split(":", 1)[1]] = value
        else:
            figures[key] = value
    return figures, districts


def compare(
    platform: dict[str, Decimal], hand: dict[str, Decimal], where: str, tolerance=Decimal(0)
) -> list[str]:
    """Every number the hand SQL computed, as the platform has it: the differences, named.
    A key the platform lacks counts as zero (a figure or a district with nothing to count)."""
    problems = []
    for key in sorted(set(hand) | set(platform)):
        mine, theirs = platform.get(key, Decimal(0)), hand.get(key, Decimal(0))
        if abs(Decimal(mine) - Decimal(theirs)) > tolerance:
            problems.append(f"{where} {key}: the platform has {mine}, the hand SQL {theirs}")
    return problems


# Rates are rounded to one decimal by both; the last digit may round the other way.
RATE = Decimal("0.05")


def check_figures(year: int, hand: tuple[dict, dict]) -> list[str]:
    from qualitymonth.figures.registry import all_figures

    figures, districts = stored_figures(year)
    hand_city, hand_districts = hand
    # A figure added to the registry needs its hand SQL here, or the floor counts less.
    problems = [
        f"figure {f.key} has no hand-written SQL in bench/figures_sql.py"
        for f in all_figures()
        if not f.hand_entered and f.key not in hand_city
    ]
    for key, value in hand_city.items():
        tolerance = RATE if key.endswith("_rate") else Decimal(0)
        problems += compare({key: figures.get(key, Decimal(0))}, {key: value}, "figure", tolerance)
    for key, by_district in hand_districts.items():
        problems += compare(districts.get(key, {}), by_district, f"{key} in district")
    return problems


FIGURE_VALUE = re.compile(r'class="figure-value">([^<]*)<')
# One figure's item on the year page: <li id="{key}"> … </li> (nothing nested in it is a list).
FIGURE_ITEM = re.compile(r'<li id="([^"]+)">(.*?)</li>', re.S)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "").strip())


def page_numbers(html: str) -> list[Decimal]:
    """The numbers the year page shows, in its order (thousands separators dropped)."""
    return [_number(value) for value in FIGURE_VALUE.findall(html)]


def page_figures(html: str) -> dict[str, Decimal]:
    """{figure key: the number shown in its item}; items showing none ("Not available")
    are left out."""
    found = {}
    for key, item in FIGURE_ITEM.findall(html):
        value = FIGURE_VALUE.search(item)
        if value is not None:
            found[key] = _number(value.group(1))
    return found


def shown_figures(year: int) -> list[str]:
    """The figures the public year page shows a number for, by its own rule: every public
    figure with a value stored for the year (published or current), that is every computed
    one once the worker ran, and a figure entered by hand once someone entered it."""
    from qualitymonth.figures.models import FigureValue
    from qualitymonth.figures.registry import all_figures

    stored = set(FigureValue.objects.filter(year=year, dimension="").values_list("key", flat=True))
    return [f.key for f in all_figures() if f.public and f.key in stored]


def check_page(html: str, year: int, hand_city: dict[str, Decimal]) -> list[str]:
    """Every number on the page is in its figure's item, the page shows the figures it
    should (no more, no fewer) and each equals the hand SQL's."""
    from qualitymonth.figures.registry import get_figure

    expected = shown_figures(year)
    numbers, by_key = page_numbers(html), page_figures(html)
    problems = []
    if len(numbers) != len(expected):
        problems.append(f"the year page shows {len(numbers)} numbers, expected {len(expected)}")
    if len(by_key) != len(numbers):
        problems.append(
            f"the year page shows {len(numbers) - len(by_key)} numbers outside a figure's item"
        )
    missing = [key for key in expected if key not in by_key]
    extra = sorted(set(by_key) - set(expected))
    if missing:
        problems.append(f"the year page shows no number for {', '.join(missing)}")
    if extra:
        problems.append(f"the year page shows numbers for {', '.join(extra)}, which it should not")
    unchecked = sorted(
        key
        for key in by_key
        if key not in hand_city and (get_figure(key) is None or not get_figure(key).hand_entered)
    )
    if unchecked:
        problems.append(f"the year page shows {', '.join(unchecked)}, with no hand-written SQL")
    for key, value in by_key.items():
        if key in hand_city:
            # Only rates may differ in their last digit; sums in 万元 or tonnes may not.
            tolerance = RATE if key.endswith("_rate") else Decimal(0)
            problems += compare({key: value}, {key: hand_city[key]}, "year page", tolerance)
    return problems

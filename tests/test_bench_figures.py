"""The year-in-figures bench's own arithmetic: what it compares must be right before its
ratios mean anything (the bench itself runs with `make bench`, not here)."""

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench():
    sys.path.insert(0, str(BENCH))  # it imports its neighbours as the scripts do
    try:
        spec = importlib.util.spec_from_file_location("bench_figures", BENCH / "figures.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


figures = _bench()


def test_the_plan_writes_about_as_many_records_as_asked():
    counts = figures.plan(1_000_000)
    assert abs(sum(counts.values()) - 1_000_000) < 10_000
    # Each trainee enrols in a course once at most.
    assert counts["enrolments"] <= counts["users"] * figures.COURSES


def test_a_differing_number_is_named_and_a_missing_one_counts_zero():
    problems = figures.compare(
        {"events.held": Decimal(3)},
        {"events.held": Decimal(4), "awards.winners": Decimal(0)},
        "figure",
    )
    assert problems == ["figure events.held: the platform has 3, the hand SQL 4"]


def test_a_rate_may_round_its_last_digit_the_other_way():
    assert figures.compare({"r": Decimal("66.7")}, {"r": Decimal("66.6")}, "x", figures.RATE) == [
        "x r: the platform has 66.7, the hand SQL 66.6"
    ]
    assert not figures.compare({"r": Decimal("66.65")}, {"r": Decimal("66.6")}, "x", figures.RATE)


def test_the_year_page_numbers_are_read_without_thousands_separators():
    html = '<strong class="figure-value">1,234</strong> <strong class="figure-value">87.5</strong>'
    assert figures.page_numbers(html) == [Decimal(1234), Decimal("87.5")]


def test_a_csv_is_summarised_by_rows_and_column_sums_after_its_header():
    text = "\ufeffid,n,m\r\n1,2,\r\n2,3,4.5\r\n"
    assert figures.summarise_csv(text, (1, 2)) == (2, [Decimal(5), Decimal("4.5")])


def test_each_figure_on_the_year_page_is_read_from_its_own_item():
    sys.path.insert(0, str(BENCH))
    try:
        from figures_checks import page_figures
    finally:
        sys.path.remove(str(BENCH))
    html = (
        '<ul><li id="events.held"><span>活动</span> '
        '<strong class="figure-value">1,204</strong></li>'
        '<li id="quality.csr_reports"><span>社会责任报告</span> <em>暂无</em></li>'
        '<li id="members.rate">\n<strong class="figure-value">87.5</strong>%</li></ul>'
    )
    # An item that shows no number ("not available") is left out, not read as zero.
    assert page_figures(html) == {"events.held": Decimal(1204), "members.rate": Decimal("87.5")}

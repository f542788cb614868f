"""The year page and the open-data page ask the database as often with one record behind
their figures as with several: they read stored values, never the records."""

from conftest import Client
from qualitymonth.figures.services import recompute_year
from qualitymonth.figures.services_open_data import build_open_data
from qualitymonth.figures.tests.conftest import held_event
from tests.queries import assert_flat


def more_events():
    for _ in range(4):
        held_event(2025)


def test_the_year_page_is_flat_in_the_records_counted(db):
    held_event(2025)
    recompute_year(2025)

    def add():
        more_events()
        recompute_year(2025)

    def shows(page, size):
        held = 1 if size == "few" else 5
        return f'<strong class="figure-value">{held}</strong>' in page

    assert_flat(Client(), "/figures/2025/", add, shows=shows)


def test_the_open_data_page_is_flat_in_the_rows_exported(db):
    held_event(2025)
    build_open_data()

    def add():
        more_events()
        build_open_data()

    assert_flat(Client(), "/open-data/", add)

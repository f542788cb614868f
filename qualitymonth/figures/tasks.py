"""The year's figures are computed here, by the worker, never on a page request."""

from django_tasks import task


@task()
def recompute_figures(year: int) -> int:
    from qualitymonth.figures.services import recompute_year

    return recompute_year(year)


@task()
def build_open_data_task() -> int:
    """The open-data ZIP: nightly (`qualitymonth open_data`) and after a year is published."""
    from qualitymonth.figures.services_open_data import build_open_data

    return build_open_data().pk

"""Background work of search, run by `qualitymonth db_worker`."""

from django_tasks import task

from qualitymonth.search import services


@task()
def rebuild_index(kinds: list[str] | None = None) -> dict:
    return services.rebuild(kinds=kinds)

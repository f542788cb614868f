"""The index follows the objects it covers: each save or delete of an indexed model updates
its entry in the same transaction (the index lives in the same database)."""

from django.db.models.signals import post_delete, post_save

from qualitymonth.search import services
from qualitymonth.search.sources import SOURCES


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures loading: the rebuild command indexes them afterwards
        services.index_object(instance)


def _deleted(sender, instance, **kwargs):
    services.remove_object(instance)


def connect() -> None:
    for source in SOURCES:
        post_save.connect(_saved, sender=source.model, dispatch_uid=f"search-{source.kind}-save")
        post_delete.connect(
            _deleted, sender=source.model, dispatch_uid=f"search-{source.kind}-delete"
        )

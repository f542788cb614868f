"""Writing the index: one object's entry on save, the whole index on rebuild."""

from django.db import transaction

from qualitymonth.search.models import Entry
from qualitymonth.search.sources import BY_MODEL, SOURCES, Source
from qualitymonth.search.text import index_text

BATCH = 500


def _entry(source: Source, obj) -> Entry:
    fields = source.fields(obj)
    text = index_text(titles=[t for t in fields.pop("titles") if t], body=fields.pop("body") or "")
    return Entry(kind=source.kind, object_id=obj.pk, text=text, **fields)


def index_object(obj) -> None:
    """Bring `obj`'s entry up to date: written when the object is public, removed when not."""
    source = BY_MODEL.get(type(obj))
    if source is None or obj.pk is None:
        return
    if not source.is_public(obj):
        remove_object(obj)
        return
    entry = _entry(source, obj)
    values = {f.attname: getattr(entry, f.attname) for f in Entry._meta.concrete_fields}
    for key in ("id", "kind", "object_id", "indexed_at"):
        values.pop(key)
    Entry.objects.update_or_create(kind=source.kind, object_id=obj.pk, defaults=values)


def remove_object(obj) -> None:
    source = BY_MODEL.get(type(obj))
    if source is not None:
        Entry.objects.filter(kind=source.kind, object_id=obj.pk).delete()


def rebuild(*, kinds=None, progress=None) -> dict[str, int]:
    """The index afresh from the public objects, kind by kind, in batches."""
    counts = {}
    for source in SOURCES:
        if kinds and source.kind not in kinds:
            continue
        with transaction.atomic():
            Entry.objects.filter(kind=source.kind).delete()
            objects = source.model.objects.filter(**source.public).order_by("pk")
            batch, n = [], 0
            for obj in objects.iterator(chunk_size=BATCH):
                batch.append(_entry(source, obj))
                if len(batch) >= BATCH:
                    Entry.objects.bulk_create(batch)
                    n += len(batch)
                    batch = []
            Entry.objects.bulk_create(batch)
            counts[source.kind] = n + len(batch)
        if progress:
            progress(source.kind, counts[source.kind])
    return counts

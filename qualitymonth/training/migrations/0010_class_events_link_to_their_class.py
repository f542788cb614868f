"""Each class's event links to the class page (its own page is never published)."""

from django.db import migrations


def link(apps, schema_editor):
    TrainingClass = apps.get_model("training", "TrainingClass")
    Event = apps.get_model("events", "Event")
    for event_id, key in TrainingClass.objects.exclude(event=None).values_list("event_id", "key"):
        Event.objects.filter(pk=event_id).update(host_url=f"/training/classes/{key}/")


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0009_classes_backed_by_events"),
        ("events", "0010_event_host_url"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]

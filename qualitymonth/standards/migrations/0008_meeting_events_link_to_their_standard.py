"""Each review meeting's event links to the standard's review page (its own page is never
published)."""

from django.db import migrations


def link(apps, schema_editor):
    ReviewMeeting = apps.get_model("standards", "ReviewMeeting")
    Event = apps.get_model("events", "Event")
    meetings = ReviewMeeting.objects.exclude(event=None).values_list("event_id", "standard_id")
    for event_id, standard_id in meetings:
        Event.objects.filter(pk=event_id).update(host_url=f"/standards/{standard_id}/review/")


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0007_review_events_and_evaluation_rounds"),
        ("events", "0010_event_host_url"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]

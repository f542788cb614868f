import django.utils.timezone
from django.db import migrations, models


def changed_when_created(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Event.objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_content")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="last changed"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="sequence",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="calendar revision"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="schedule_digest",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(changed_when_created, migrations.RunPython.noop, elidable=True),
    ]

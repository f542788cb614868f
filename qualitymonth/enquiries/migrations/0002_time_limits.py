"""The default time limits (see qualitymonth/enquiries/limits.py for them and their sources)."""

from django.db import migrations

from qualitymonth.enquiries.limits import ensure_default_limits


def add_limits(apps, schema_editor):
    ensure_default_limits(apps.get_model("enquiries", "TimeLimit"))


class Migration(migrations.Migration):
    dependencies = [("enquiries", "0001_initial")]

    operations = [migrations.RunPython(add_limits, migrations.RunPython.noop)]

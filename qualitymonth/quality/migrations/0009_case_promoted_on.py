"""Cases carry the day they entered the library, so they can be counted by year; a case
promoted with consent before this field existed takes the day of the consent."""

import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone


def from_consent(apps, schema_editor):
    Case = apps.get_model("quality", "Case")
    for case in Case.objects.filter(consent_at__isnull=False):
        case.promoted_on = timezone.localdate(case.consent_at)
        case.save(update_fields=["promoted_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0008_honour_confirmation"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="promoted_on",
            field=models.DateField(
                default=django.utils.timezone.localdate, verbose_name="in the library since"
            ),
        ),
        migrations.RunPython(from_consent, migrations.RunPython.noop),
    ]

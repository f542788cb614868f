import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import qualitymonth.training.models.classes


def give_codes(apps, schema_editor):
    ClassEnrolment = apps.get_model("training", "ClassEnrolment")
    for enrolment in ClassEnrolment.objects.all().only("pk"):
        enrolment.code = secrets.token_urlsafe(18)
        enrolment.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_outreach"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="classenrolment",
            name="status",
            field=models.CharField(
                choices=[
                    ("confirmed", "has a place"),
                    ("waiting", "on the waiting list"),
                    ("cancelled", "cancelled"),
                ],
                db_index=True,
                default="confirmed",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="classenrolment",
            name="enrolled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="enrolled by",
            ),
        ),
        migrations.AddField(
            model_name="classenrolment",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="cancelled"),
        ),
        migrations.AddField(
            model_name="classenrolment",
            name="code",
            field=models.CharField(default="", max_length=40, verbose_name="check-in code"),
            preserve_default=False,
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="classenrolment",
            name="code",
            field=models.CharField(
                default=qualitymonth.training.models.classes.new_code,
                max_length=40,
                unique=True,
                verbose_name="check-in code",
            ),
        ),
    ]

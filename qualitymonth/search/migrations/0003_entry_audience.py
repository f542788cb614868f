"""Entries carry who may find them (members-only posts are indexed for their readers).

On SQLite adding a column rebuilds the table, which drops the full-text triggers: they are
taken down first and made again afterwards (the rebuild refills the FTS table)."""

from django.db import migrations, models


def setup(apps, schema_editor):
    from qualitymonth.search import backends

    backends.setup(schema_editor)


def teardown(apps, schema_editor):
    from qualitymonth.search import backends

    backends.teardown(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [
        migrations.RunPython(teardown, setup),
        migrations.AddField(
            model_name="entry",
            name="audience",
            field=models.CharField(
                blank=True, default="", max_length=100, verbose_name="who may find it"
            ),
        ),
        migrations.RunPython(setup, teardown),
    ]

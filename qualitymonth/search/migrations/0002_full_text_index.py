"""The database's own full-text index over search_entry.text: an FTS5 table kept in step by
triggers on SQLite, a GIN index over to_tsvector('simple', text) on PostgreSQL."""

from django.db import migrations


def setup(apps, schema_editor):
    from qualitymonth.search import backends

    backends.setup(schema_editor)


def teardown(apps, schema_editor):
    from qualitymonth.search import backends

    backends.teardown(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(setup, teardown)]

"""The trustworthy-team, five-star-site and customer-satisfaction tables as awards templates."""

from django.db import migrations

from qualitymonth.quality.data.rubric_templates import TEMPLATES, load_templates


def load(apps, schema_editor):
    load_templates(apps.get_model("awards", "Rubric"), apps.get_model("awards", "Criterion"))


def unload(apps, schema_editor):
    # In SQL, not through the ORM: a later migration may have re-rendered the historical Rubric
    # without Criterion's reverse accessor, and the ORM then refuses one class for the other.
    Rubric = apps.get_model("awards", "Rubric")
    Criterion = apps.get_model("awards", "Criterion")
    names = [template["name"] for template in TEMPLATES]
    ids = list(Rubric.objects.filter(name__in=names, is_template=True).values_list("pk", flat=True))
    if not ids:
        return
    quote = schema_editor.quote_name
    marks = ", ".join(["%s"] * len(ids))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(Criterion._meta.db_table)} WHERE rubric_id IN ({marks})", ids
        )
        cursor.execute(f"DELETE FROM {quote(Rubric._meta.db_table)} WHERE id IN ({marks})", ids)


class Migration(migrations.Migration):
    dependencies = [("quality", "0002_staged_programs"), ("awards", "0005_shared_custom_questions")]
    operations = [migrations.RunPython(load, unload)]

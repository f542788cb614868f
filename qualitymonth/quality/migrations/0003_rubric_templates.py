"""The trustworthy-team, five-star-site and customer-satisfaction tables as awards templates."""

from django.db import migrations

from qualitymonth.quality.data.rubric_templates import TEMPLATES, load_templates


def load(apps, schema_editor):
    load_templates(apps.get_model("awards", "Rubric"), apps.get_model("awards", "Criterion"))


def unload(apps, schema_editor):
    Rubric = apps.get_model("awards", "Rubric")
    for template in TEMPLATES:
        for rubric in Rubric.objects.filter(name=template["name"], is_template=True):
            rubric.criteria.all().delete()
            rubric.delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0002_staged_programs"), ("awards", "0005_shared_custom_questions")]
    operations = [migrations.RunPython(load, unload)]

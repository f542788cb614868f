from django.db import migrations


def load(apps, schema_editor):
    from qualitymonth.awards.data.rubric_templates import load_templates

    load_templates(apps.get_model("awards", "Rubric"), apps.get_model("awards", "Criterion"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

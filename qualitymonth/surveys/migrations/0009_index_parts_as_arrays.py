import django.db.models.deletion
from django.db import migrations, models

import qualitymonth.surveys.models.results


def parts_to_arrays(apps, schema_editor):
    """Each run's {code: score} parts become its codes and, per result, the scores in that order."""
    IndexRun = apps.get_model("surveys", "IndexRun")
    IndexResult = apps.get_model("surveys", "IndexResult")
    for run in IndexRun.objects.using(schema_editor.connection.alias).iterator():
        results = list(IndexResult.objects.filter(run=run).only("pk", "parts"))
        codes = list(dict.fromkeys(code for row in results for code in row.parts))
        run.part_codes = codes
        run.save(update_fields=["part_codes"])
        for row in results:
            row.part_scores = [row.parts.get(code) for code in codes]
        IndexResult.objects.bulk_update(results, ["part_scores"], batch_size=1000)


def arrays_to_parts(apps, schema_editor):
    IndexRun = apps.get_model("surveys", "IndexRun")
    IndexResult = apps.get_model("surveys", "IndexResult")
    for run in IndexRun.objects.using(schema_editor.connection.alias).iterator():
        results = list(IndexResult.objects.filter(run=run).only("pk", "part_scores"))
        for row in results:
            row.parts = {
                code: score
                for code, score in zip(run.part_codes, row.part_scores, strict=True)
                if score is not None
            }
        IndexResult.objects.bulk_update(results, ["parts"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0008_index_parts_as_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexrun",
            name="part_codes",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="indexresult",
            name="part_scores",
            field=qualitymonth.surveys.models.results.ScoreArray(default=list),
        ),
        migrations.RunPython(parts_to_arrays, arrays_to_parts),
        migrations.RemoveField(
            model_name="indexresult",
            name="parts",
        ),
        migrations.AlterField(
            model_name="indexresult",
            name="run",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="results",
                to="surveys.indexrun",
            ),
        ),
    ]

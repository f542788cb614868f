import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0009_index_parts_as_arrays"),
    ]

    operations = [
        # The new index first: the round's own index goes only once it is there.
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(fields=["round", "response"], name="answer_round_response"),
        ),
        migrations.AlterField(
            model_name="answer",
            name="round",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="surveys.round",
            ),
        ),
    ]

"""The answers' sums and counts per round, site and question, kept by the database.

PostgreSQL: statement triggers with transition tables, so a response's answers (or a file of
thousands) are grouped once per statement, and each key's row is locked in key order. SQLite:
row triggers. Answers set aside with their response stop counting; taken back, they count again.
A count that reaches zero removes its row. Existing answers are counted at the end.
"""

import django.db.models.deletion
from django.db import migrations, models

PG_FORWARD = [
    """
CREATE FUNCTION surveys_tally_answers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    emptied bigint[];
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        WITH gone AS (
            SELECT a.round_id, a.site_id, a.question_id, SUM(a.value) AS total, COUNT(*) AS n
            FROM removed a
            WHERE a.site_id IS NOT NULL AND a.value IS NOT NULL
              AND a.response_id NOT IN (
                  SELECT r.id FROM surveys_response r WHERE r.voided_at IS NOT NULL)
            GROUP BY 1, 2, 3
        ), changed AS (
            UPDATE surveys_tally t SET total = t.total - g.total, n = t.n - g.n
            FROM gone g
            WHERE t.round_id = g.round_id AND t.site_id = g.site_id
              AND t.question_id = g.question_id
            RETURNING t.id, t.n
        )
        SELECT array_agg(id) INTO emptied FROM changed WHERE n <= 0;
        IF emptied IS NOT NULL THEN
            DELETE FROM surveys_tally WHERE id = ANY(emptied);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO surveys_tally AS t (round_id, site_id, question_id, total, n)
        SELECT a.round_id, a.site_id, a.question_id, SUM(a.value), COUNT(*)
        FROM added a
        WHERE a.site_id IS NOT NULL AND a.value IS NOT NULL
          AND a.response_id NOT IN (
              SELECT r.id FROM surveys_response r WHERE r.voided_at IS NOT NULL)
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (round_id, site_id, question_id)
        DO UPDATE SET total = t.total + excluded.total, n = t.n + excluded.n;
    END IF;
    RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER surveys_answer_tally_insert AFTER INSERT ON surveys_answer
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION surveys_tally_answers()
""",
    """
CREATE TRIGGER surveys_answer_tally_delete AFTER DELETE ON surveys_answer
REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION surveys_tally_answers()
""",
    """
CREATE TRIGGER surveys_answer_tally_update AFTER UPDATE ON surveys_answer
REFERENCING OLD TABLE AS removed NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION surveys_tally_answers()
""",
    """
CREATE FUNCTION surveys_tally_responses() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    emptied bigint[];
BEGIN
    WITH moved AS (
        SELECT n.id, n.round_id FROM after_rows n JOIN before_rows o ON o.id = n.id
        WHERE o.voided_at IS NULL AND n.voided_at IS NOT NULL
    ), gone AS (
        SELECT a.round_id, a.site_id, a.question_id, SUM(a.value) AS total, COUNT(*) AS n
        FROM surveys_answer a JOIN moved m ON a.round_id = m.round_id AND a.response_id = m.id
        WHERE a.site_id IS NOT NULL AND a.value IS NOT NULL
        GROUP BY 1, 2, 3
    ), changed AS (
        UPDATE surveys_tally t SET total = t.total - g.total, n = t.n - g.n
        FROM gone g
        WHERE t.round_id = g.round_id AND t.site_id = g.site_id AND t.question_id = g.question_id
        RETURNING t.id, t.n
    )
    SELECT array_agg(id) INTO emptied FROM changed WHERE n <= 0;
    IF emptied IS NOT NULL THEN
        DELETE FROM surveys_tally WHERE id = ANY(emptied);
    END IF;
    INSERT INTO surveys_tally AS t (round_id, site_id, question_id, total, n)
    SELECT a.round_id, a.site_id, a.question_id, SUM(a.value), COUNT(*)
    FROM surveys_answer a
    JOIN after_rows n ON a.round_id = n.round_id AND a.response_id = n.id
    JOIN before_rows o ON o.id = n.id
    WHERE o.voided_at IS NOT NULL AND n.voided_at IS NULL
      AND a.site_id IS NOT NULL AND a.value IS NOT NULL
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (round_id, site_id, question_id)
    DO UPDATE SET total = t.total + excluded.total, n = t.n + excluded.n;
    RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER surveys_response_tally AFTER UPDATE ON surveys_response
REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
FOR EACH STATEMENT EXECUTE FUNCTION surveys_tally_responses()
""",
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS surveys_response_tally ON surveys_response",
    "DROP TRIGGER IF EXISTS surveys_answer_tally_update ON surveys_answer",
    "DROP TRIGGER IF EXISTS surveys_answer_tally_delete ON surveys_answer",
    "DROP TRIGGER IF EXISTS surveys_answer_tally_insert ON surveys_answer",
    "DROP FUNCTION IF EXISTS surveys_tally_responses()",
    "DROP FUNCTION IF EXISTS surveys_tally_answers()",
]

# SQLite: a row at a time. `counted` is the condition an answer row counts under.
_COUNTED = (
    "{row}.site_id IS NOT NULL AND {row}.value IS NOT NULL AND NOT EXISTS ("
    "SELECT 1 FROM surveys_response r WHERE r.id = {row}.response_id "
    "AND r.voided_at IS NOT NULL)"
)
_ADD = """
    INSERT INTO surveys_tally (round_id, site_id, question_id, total, n)
    VALUES (NEW.round_id, NEW.site_id, NEW.question_id, NEW.value, 1)
    ON CONFLICT (round_id, site_id, question_id)
    DO UPDATE SET total = total + excluded.total, n = n + 1;
"""
_SUBTRACT = """
    UPDATE surveys_tally SET total = total - OLD.value, n = n - 1
    WHERE round_id = OLD.round_id AND site_id = OLD.site_id AND question_id = OLD.question_id;
    DELETE FROM surveys_tally
    WHERE round_id = OLD.round_id AND site_id = OLD.site_id AND question_id = OLD.question_id
      AND n <= 0;
"""
_RESPONSE_ANSWERS = (
    "SELECT a.site_id, a.question_id, SUM(a.value) AS added, COUNT(*) AS answers "
    "FROM surveys_answer a WHERE a.response_id = NEW.id "
    "AND a.site_id IS NOT NULL AND a.value IS NOT NULL GROUP BY a.site_id, a.question_id"
)
SQLITE_FORWARD = [
    f"""
CREATE TRIGGER surveys_answer_tally_insert AFTER INSERT ON surveys_answer
WHEN {_COUNTED.format(row="NEW")}
BEGIN {_ADD} END
""",
    f"""
CREATE TRIGGER surveys_answer_tally_delete AFTER DELETE ON surveys_answer
WHEN {_COUNTED.format(row="OLD")}
BEGIN {_SUBTRACT} END
""",
    f"""
CREATE TRIGGER surveys_answer_tally_update_old AFTER UPDATE ON surveys_answer
WHEN {_COUNTED.format(row="OLD")}
BEGIN {_SUBTRACT} END
""",
    f"""
CREATE TRIGGER surveys_answer_tally_update_new AFTER UPDATE ON surveys_answer
WHEN {_COUNTED.format(row="NEW")}
BEGIN {_ADD} END
""",
    f"""
CREATE TRIGGER surveys_response_tally_void AFTER UPDATE OF voided_at ON surveys_response
WHEN OLD.voided_at IS NULL AND NEW.voided_at IS NOT NULL
BEGIN
    UPDATE surveys_tally SET total = total - g.added, n = n - g.answers
    FROM ({_RESPONSE_ANSWERS}) AS g
    WHERE surveys_tally.round_id = NEW.round_id AND surveys_tally.site_id = g.site_id
      AND surveys_tally.question_id = g.question_id;
    DELETE FROM surveys_tally WHERE round_id = NEW.round_id AND n <= 0;
END
""",
    f"""
CREATE TRIGGER surveys_response_tally_unvoid AFTER UPDATE OF voided_at ON surveys_response
WHEN OLD.voided_at IS NOT NULL AND NEW.voided_at IS NULL
BEGIN
    INSERT INTO surveys_tally (round_id, site_id, question_id, total, n)
    SELECT NEW.round_id, g.site_id, g.question_id, g.added, g.answers FROM ({_RESPONSE_ANSWERS}) AS g
    WHERE true
    ON CONFLICT (round_id, site_id, question_id)
    DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
END
""",
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "surveys_answer_tally_insert",
        "surveys_answer_tally_delete",
        "surveys_answer_tally_update_old",
        "surveys_answer_tally_update_new",
        "surveys_response_tally_void",
        "surveys_response_tally_unvoid",
    )
]

BACKFILL = """
INSERT INTO surveys_tally (round_id, site_id, question_id, total, n)
SELECT a.round_id, a.site_id, a.question_id, SUM(a.value), COUNT(*)
FROM surveys_answer a
WHERE a.site_id IS NOT NULL AND a.value IS NOT NULL
  AND a.response_id NOT IN (SELECT r.id FROM surveys_response r WHERE r.voided_at IS NOT NULL)
GROUP BY a.round_id, a.site_id, a.question_id
"""


def forward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in PG_FORWARD if postgres else SQLITE_FORWARD:
        schema_editor.execute(statement)
    schema_editor.execute(BACKFILL)


def backward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in PG_BACKWARD if postgres else SQLITE_BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0011_index_result_run_unconstrained"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("total", models.FloatField()),
                ("n", models.BigIntegerField()),
                (
                    "question",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.question",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.round",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.site",
                    ),
                ),
            ],
            options={
                "verbose_name": "answer tally",
                "verbose_name_plural": "answer tallies",
                "constraints": [
                    models.UniqueConstraint(fields=("round", "site", "question"), name="tally_key")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]

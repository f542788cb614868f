"""Each response's answers as the CSV export writes them (`Response.cells`), kept by the database.

PostgreSQL: statement triggers with transition tables on the answers: stored answers are added
to their responses' cells, grouped once per statement; a changed or deleted answer has its
response's cells made again from its answers. SQLite: row triggers doing the same. A cell is a
number's text, or the text with a leading quote where a spreadsheet would read a formula
(OWASP CSV injection: the characters of core.spreadsheets.FORMULA_STARTS, written out here so
that this migration means the same whatever that list becomes; a test compares them). The
cells of existing responses are made at the end.
"""

import django.db.models.deletion  # noqa: F401 (kept by makemigrations' template)
from django.db import migrations, models

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_STARTS = ", ".join("'" + start + "'" for start in FORMULA_STARTS)


def _cell(row: str, *, sqlite: bool = False) -> str:
    """The export's text of the answer `row`."""
    neutral = (
        f"CASE WHEN substr({row}.text, 1, 1) IN ({_STARTS}) THEN '''' || {row}.text "
        f"ELSE {row}.text END"
    )
    return f"CASE WHEN {row}.text = '' THEN CAST({row}.value AS TEXT) ELSE {neutral} END"


PG_FORWARD = [
    f"""
CREATE FUNCTION surveys_response_cells() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE surveys_response r SET cells = coalesce(r.cells, '{{}}'::jsonb) || c.cells
        FROM (
            SELECT a.response_id, jsonb_object_agg(a.question_id::text, {_cell("a")}) AS cells
            FROM added a GROUP BY a.response_id
        ) c
        WHERE r.id = c.response_id;
    ELSE
        UPDATE surveys_response r SET cells = (
            SELECT jsonb_object_agg(a.question_id::text, {_cell("a")})
            FROM surveys_answer a WHERE a.round_id = r.round_id AND a.response_id = r.id
        )
        WHERE r.id IN (SELECT response_id FROM removed);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        UPDATE surveys_response r SET cells = (
            SELECT jsonb_object_agg(a.question_id::text, {_cell("a")})
            FROM surveys_answer a WHERE a.round_id = r.round_id AND a.response_id = r.id
        )
        WHERE r.id IN (SELECT response_id FROM added EXCEPT SELECT response_id FROM removed);
    END IF;
    RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER surveys_answer_cells_insert AFTER INSERT ON surveys_answer
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION surveys_response_cells()
""",
    """
CREATE TRIGGER surveys_answer_cells_delete AFTER DELETE ON surveys_answer
REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION surveys_response_cells()
""",
    """
CREATE TRIGGER surveys_answer_cells_update AFTER UPDATE ON surveys_answer
REFERENCING OLD TABLE AS removed NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION surveys_response_cells()
""",
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS surveys_answer_cells_update ON surveys_answer",
    "DROP TRIGGER IF EXISTS surveys_answer_cells_delete ON surveys_answer",
    "DROP TRIGGER IF EXISTS surveys_answer_cells_insert ON surveys_answer",
    "DROP FUNCTION IF EXISTS surveys_response_cells()",
]


def _sqlite_remake(row: str) -> str:
    return (
        f"UPDATE surveys_response SET cells = (SELECT json_group_object("
        f"CAST(a.question_id AS TEXT), {_cell('a')}) FROM surveys_answer a "
        f"WHERE a.response_id = {row}.response_id) WHERE id = {row}.response_id;"
    )


SQLITE_FORWARD = [
    f"""
CREATE TRIGGER surveys_answer_cells_insert AFTER INSERT ON surveys_answer
BEGIN
    UPDATE surveys_response SET cells = json_set(
        coalesce(cells, '{{}}'), '$."' || NEW.question_id || '"', {_cell("NEW")}
    ) WHERE id = NEW.response_id;
END
""",
    f"""
CREATE TRIGGER surveys_answer_cells_delete AFTER DELETE ON surveys_answer
BEGIN {_sqlite_remake("OLD")} END
""",
    f"""
CREATE TRIGGER surveys_answer_cells_update AFTER UPDATE ON surveys_answer
BEGIN {_sqlite_remake("OLD")} {_sqlite_remake("NEW")} END
""",
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS surveys_answer_cells_{name}" for name in ("insert", "delete", "update")
]

PG_BACKFILL = f"""
UPDATE surveys_response r SET cells = c.cells
FROM (
    SELECT a.response_id, jsonb_object_agg(a.question_id::text, {_cell("a")}) AS cells
    FROM surveys_answer a GROUP BY a.response_id
) c
WHERE r.id = c.response_id
"""

SQLITE_BACKFILL = f"""
UPDATE surveys_response SET cells = (
    SELECT json_group_object(CAST(a.question_id AS TEXT), {_cell("a")})
    FROM surveys_answer a WHERE a.response_id = surveys_response.id
)
WHERE EXISTS (SELECT 1 FROM surveys_answer a WHERE a.response_id = surveys_response.id)
"""


def forward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in PG_FORWARD if postgres else SQLITE_FORWARD:
        schema_editor.execute(statement)
    schema_editor.execute(PG_BACKFILL if postgres else SQLITE_BACKFILL)


def backward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in PG_BACKWARD if postgres else SQLITE_BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0012_answer_tally"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="cells",
            field=models.JSONField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]

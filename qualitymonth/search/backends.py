"""The database's own full-text search over search_entry.text: FTS5 on SQLite, a GIN index
over a stored to_tsvector('simple', text) on PostgreSQL. Both take the same query groups
(text.query_groups); only the syntax differs."""

from django.db import connection

from qualitymonth.search.text import Term

TSVECTOR = "to_tsvector('simple'::regconfig, text)"

SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_entry_fts USING fts5("
    "text, content='search_entry', content_rowid='id', tokenize='unicode61')",
    # The FTS table follows the entries table (external content): triggers keep it in step.
    "CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE OF text ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_entry_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TABLE IF EXISTS search_entry_fts",
]
# The tsvector is stored (a generated column): matching reads it instead of parsing the text
# of every candidate row again.
POSTGRES_SETUP = [
    "ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS tsv tsvector "
    f"GENERATED ALWAYS AS ({TSVECTOR}) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_tsv_gin ON search_entry USING gin (tsv)",
]
POSTGRES_TEARDOWN = [
    "DROP INDEX IF EXISTS search_entry_tsv_gin",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
]


def setup(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}.get(vendor, []):
        schema_editor.execute(sql)


def teardown(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}.get(vendor, []):
        schema_editor.execute(sql)


def _fts5_term(term: Term) -> str:
    token, prefix = term
    return f'"{token}"' + ("*" if prefix else "")


def _ts_term(term: Term) -> str:
    token, prefix = term
    return f"'{token}'" + (":*" if prefix else "")


def _render(groups, term, and_, or_) -> str:
    def alternative(terms):
        rendered = f" {and_} ".join(term(t) for t in terms)
        return f"({rendered})" if len(terms) > 1 else rendered

    def group(alternatives):
        rendered = f" {or_} ".join(alternative(a) for a in alternatives)
        return f"({rendered})" if len(alternatives) > 1 else rendered

    return f" {and_} ".join(group(g) for g in groups)


def match_sql(groups) -> tuple[str, str]:
    """(a WHERE condition on search_entry, its one parameter) for this database.
    Tokens are letters, digits and Chinese characters only (text.WORD), so nothing in them
    needs quoting inside the query languages."""
    if connection.vendor == "postgresql":
        query = _render(groups, _ts_term, "&", "|")
        return "search_entry.tsv @@ %s::tsquery", query
    query = _render(groups, _fts5_term, "AND", "OR")
    return (
        "search_entry.id IN (SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s)",
        query,
    )

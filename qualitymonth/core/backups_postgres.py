"""PostgreSQL's part of backups: pg_dump and pg_restore with the connection from DATABASES.

The dump and the row counts of the manifest come from one snapshot (pg_export_snapshot and
`pg_dump --snapshot`), so the counts describe exactly what the dump holds, even while the
site keeps writing.
"""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.utils.translation import gettext as _
from psycopg import sql

# libpq connection keywords that DATABASES may carry (as OPTIONS) -> the variables
# pg_dump and pg_restore read. The password travels in the environment, never in argv.
LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "service": "PGSERVICE",
}

TABLES = """
    SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%' AND pg_catalog.pg_table_is_visible(c.oid)
    ORDER BY c.relname
"""


class PostgresError(Exception):
    pass


def connection_keywords(settings_dict: dict) -> dict[str, str]:
    keywords = {
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "dbname": settings_dict.get("NAME"),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in LIBPQ_ENV and key not in keywords:
            keywords[key] = value
    return {key: str(value) for key, value in keywords.items() if value not in (None, "")}


def client_environment(settings_dict: dict) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for key, value in connection_keywords(settings_dict).items():
        env[LIBPQ_ENV[key]] = value
    return env


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        from qualitymonth.core.backups import BackupError

        raise BackupError(
            _(
                "%(tool)s was not found on PATH. Install PostgreSQL's client programs of the "
                "server's major version (for example the postgresql-client package)."
            )
            % {"tool": name}
        )
    return path


def _run(arguments: list[str], settings_dict: dict) -> None:
    result = subprocess.run(
        arguments, env=client_environment(settings_dict), capture_output=True, text=True
    )
    if result.returncode != 0:
        from qualitymonth.core.backups import BackupError

        raise BackupError(
            _("%(tool)s failed (exit status %(code)d):\n%(output)s")
            % {
                "tool": Path(arguments[0]).name,
                "code": result.returncode,
                "output": (result.stderr or result.stdout).strip(),
            }
        )


def _counts(cursor) -> dict[str, int]:
    cursor.execute(TABLES)
    counts = {}
    for schema, name in cursor.fetchall():
        cursor.execute(
            sql.SQL("SELECT COUNT(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(name)
            )
        )
        counts[name] = cursor.fetchone()[0]
    return counts


def _migrations(cursor) -> dict[str, str]:
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(cursor.fetchall())


def counts(settings_dict: dict) -> dict[str, int]:
    with psycopg.connect(**connection_keywords(settings_dict)) as db, db.cursor() as cursor:
        return _counts(cursor)


def dump(settings_dict: dict, target: Path) -> dict:
    pg_dump = tool("pg_dump")
    with psycopg.connect(**connection_keywords(settings_dict)) as db:
        # The transaction stays open until pg_dump is done: its snapshot must live that long.
        db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT pg_catalog.pg_export_snapshot(), current_setting('server_version')"
            )
            snapshot, server_version = cursor.fetchone()
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                settings_dict,
            )
            tables = _counts(cursor)
            migrations = _migrations(cursor)
    return {"tables": tables, "migrations": migrations, "server_version": server_version}


def restore(settings_dict: dict, dump_file: Path) -> None:
    # One transaction: a restore that fails half-way leaves the database as it was.
    # --no-owner/--no-acl: the target's roles need not match those of the machine dumped.
    _run(
        [
            tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection_keywords(settings_dict)['dbname']}",
            str(dump_file),
        ],
        settings_dict,
    )

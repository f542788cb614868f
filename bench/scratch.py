"""A scratch PostgreSQL database and working directory for one benchmark run."""

import os
import secrets
import tempfile
from urllib.parse import urlsplit

import psycopg


def bench_url(pg_url: str, name: str) -> str:
    return urlsplit(pg_url)._replace(path=f"/{name}").geturl()


def recreate_database(pg_url: str, name: str, *, create: bool) -> None:
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=5) as admin:
        # FORCE: a process left over from an interrupted run must not keep it alive.
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            admin.execute(f"CREATE DATABASE {name}")


def prepare(pg_url: str, name: str, **env) -> tempfile.TemporaryDirectory | None:
    """A fresh database `name` and the environment pointing at it; None when PostgreSQL is not
    reachable (the caller skips the bench). Nothing is written into the project's var/."""
    try:
        psycopg.connect(pg_url, connect_timeout=3).close()
    except psycopg.OperationalError:
        print(f"PostgreSQL not reachable at {pg_url}: bench skipped")
        return None
    recreate_database(pg_url, name, create=True)
    workdir = tempfile.TemporaryDirectory(prefix="qualitymonth-bench-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=bench_url(pg_url, name),
        DEBUG="false",
        # One key for every worker process.
        SECRET_KEY=secrets.token_urlsafe(48),
        VAR_DIR=workdir.name,
        **env,
    )
    return workdir

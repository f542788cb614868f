"""Test databases are copies of one migrated database instead of each running every migration.

Applying the project's migrations to an empty database costs Django most of a minute of CPU (it
re-renders the models' state after each operation), and every test process, the production
server's tests and the backup tests each paid it. The migrated database is now made once per
set of migrations (a digest of their files and of the locked dependencies names it) by the
console command, as a deployer makes it, under a lock, and kept:

- SQLite: a file `var/test-databases/migrated-<digest>.sqlite3`, copied into each process's
  in-memory test database and into the folders of the tests that start the console command;
- PostgreSQL: a database `<name>_tpl_<digest>` on the tests' server, the TEMPLATE of each
  test database.

The demo data is loaded the same way, once per state of the code and day, by the console's
`demo --no-serve` into a copy of the migrated SQLite file (`var/test-databases/demo-<digest>-
<date>/`: its database, its uploads and what the command printed). The test of that command
reads what it did there, and the tests that need a site full of demo data but do not test the
loading itself (the browser tests, the backup tests) copy it instead of loading the demo
again, which costs most of a minute each time.

Django's own `migrate` still runs on every test database; it finds nothing left to apply, so
its checks and post-migrate steps (content types, permissions) still happen.
"""

import contextlib
import datetime
import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "test-databases"
TIME_ZONE = "Asia/Shanghai"  # settings.TIME_ZONE, read here before Django is set up


def digest() -> str:
    """Changes when any migration, or any dependency (whose migrations run too), changes."""
    files = sorted(ROOT.glob("qualitymonth/*/migrations/*.py"))
    files.append(ROOT / "requirements.lock")
    content = hashlib.sha256()
    for path in files:
        content.update(str(path.relative_to(ROOT)).encode())
        content.update(path.read_bytes())
    return content.hexdigest()[:12]


@contextlib.contextmanager
def _locked(name: str):
    # Every pytest-xdist worker asks at once; one makes the database, the others wait for it.
    FOLDER.mkdir(parents=True, exist_ok=True)
    with open(FOLDER / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def console_env(database_url: str, var_dir: Path) -> dict[str, str]:
    """The environment of a console command run beside the tests, on its own database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "BACKUP_DIR"}
    }
    env.update(DATABASE_URL=database_url, VAR_DIR=str(var_dir), MEDIA_ROOT=str(var_dir / "media"))
    return env


def _console(database_url: str, var_dir: Path, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "qualitymonth.cli", *arguments],
        cwd=ROOT,
        env=console_env(database_url, var_dir),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(
            f"{arguments[0]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


def _migrate(database_url: str) -> None:
    with tempfile.TemporaryDirectory() as var_dir:
        _console(database_url, Path(var_dir), "migrate", "--noinput", "-v", "0")


def migrated_sqlite() -> Path:
    """The migrated SQLite file (never written after it is made: copy it)."""
    name = f"migrated-{digest()}.sqlite3"
    path = FOLDER / name
    with _locked("sqlite"):
        if not path.exists():
            for old in FOLDER.glob("migrated-*.sqlite3"):
                old.unlink()
            partial = FOLDER / f"partial-{os.getpid()}.sqlite3"
            partial.unlink(missing_ok=True)
            _migrate(f"sqlite:///{partial}")
            partial.rename(path)
    return path


def copy_migrated_sqlite(target: Path) -> None:
    """A console-command site starts from the migrated database, as if `migrate` had run."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_sqlite(), target)


def code_digest() -> str:
    """Changes when the migrations or any file the demo's loading reads (code, fixtures,
    templates) changes."""
    content = hashlib.sha256(digest().encode())
    for path in sorted((ROOT / "qualitymonth").rglob("*")):
        parts = path.relative_to(ROOT).parts
        if {"tests", "__pycache__", "static"} & set(parts) or not path.is_file():
            continue
        content.update("/".join(parts).encode())
        content.update(path.read_bytes())
    return content.hexdigest()[:12]


def demo_sqlite() -> Path:
    """A folder holding `db.sqlite3` and `media/`: the migrated database and its uploads after
    the console's `demo --no-serve` (as `make demo` runs it, on DATABASE_URL), and `demo.out`,
    what the command printed (never written after it is made: copy it)."""
    # The demo's events are set days from the day it is loaded (in the site's time zone).
    today = datetime.datetime.now(zoneinfo.ZoneInfo(TIME_ZONE)).date()
    folder = FOLDER / f"demo-{code_digest()}-{today:%Y%m%d}"
    with _locked("demo"):
        if not folder.exists():
            for old in FOLDER.glob("demo-*"):
                # A run of older code may still be copying its own; one an hour old is done.
                if old.is_dir() and old.stat().st_mtime < time.time() - 3_600:
                    shutil.rmtree(old, ignore_errors=True)
            partial = FOLDER / f"partial-demo-{os.getpid()}"
            shutil.rmtree(partial, ignore_errors=True)
            copy_migrated_sqlite(partial / "db.sqlite3")
            out = _console(f"sqlite:///{partial / 'db.sqlite3'}", partial, "demo", "--no-serve")
            (partial / "demo.out").write_text(out, encoding="utf-8")
            partial.rename(folder)
    return folder


def copy_demo_sqlite(target: Path) -> None:
    """A console-command site in `target` (its VAR_DIR) with the demo loaded, its database
    `db.sqlite3` and its uploads `media/`."""
    source = demo_sqlite()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "db.sqlite3", target / "db.sqlite3")
    if (source / "media").exists():
        shutil.copytree(source / "media", target / "media", dirs_exist_ok=True)


def load_into(connection: sqlite3.Connection) -> None:
    with contextlib.closing(sqlite3.connect(migrated_sqlite())) as source:
        source.backup(connection)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def migrated_postgres(database_url: str) -> str:
    """The name of the migrated PostgreSQL database, made on the server of `database_url`."""
    import psycopg
    from psycopg import sql

    base = urlsplit(database_url).path.lstrip("/") or "postgres"
    template = f"{base}_tpl_{digest()}"
    admin = _with_database(database_url, "postgres")
    with _locked(f"postgres-{base}"), psycopg.connect(admin, autocommit=True) as db:
        names = [row[0] for row in db.execute("SELECT datname FROM pg_database")]
        if template in names:
            return template
        for old in names:
            if old.startswith(f"{base}_tpl_"):
                # One left by an earlier set of migrations; a run still using it keeps it.
                with contextlib.suppress(psycopg.Error):
                    db.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(old)))
        partial = f"{template}_partial"
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(partial)))
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(partial)))
        _migrate(_with_database(database_url, partial))
        db.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(partial), sql.Identifier(template)
            )
        )
    return template


def main(argv: list[str]) -> None:
    """`make test` makes both migrated databases at once before the two passes need them."""
    from concurrent.futures import ThreadPoolExecutor

    import psycopg

    jobs = [demo_sqlite]  # the migrated SQLite file first, then the demo loaded into a copy
    if argv:
        try:
            psycopg.connect(_with_database(argv[0], "postgres"), connect_timeout=3).close()
            jobs.append(lambda: migrated_postgres(argv[0]))
        except psycopg.OperationalError:
            pass  # no PostgreSQL here: its pass is skipped too
    with ThreadPoolExecutor(len(jobs)) as pool:
        for result in [pool.submit(job) for job in jobs]:
            result.result()


if __name__ == "__main__":
    main(sys.argv[1:])

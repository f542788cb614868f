"""`qualitymonth backup` and `qualitymonth restore`, run as a deployer runs them.

Each site is its own database and MEDIA_ROOT, filled with the demo data and a few uploaded
files by the console command; the test database of the run is not used. The SQLite site is a
copy of the one the console command loaded the demo into once for the whole run
(tests/databases.py `demo_sqlite`); the PostgreSQL one loads it itself.
"""

import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from qualitymonth.core.backups import files_under, prune_backups
from tests.databases import console_env, copy_demo_sqlite

ROOT = Path(__file__).resolve().parents[3]
MICROSECONDS = re.compile(r"\d\d:\d\d:\d\d\.\d{6}")
UPLOADS = {
    "uploads/2026/report.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "uploads/2026/照片 1.jpg": b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" * 500,
    "certificates/c-0001.docx": b"PK\x03\x04" + os.urandom(5000),
}


def site_env(folder: Path, database_url: str) -> dict[str, str]:
    return console_env(database_url, folder)


def cli(env: dict, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "qualitymonth.cli", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{arguments} failed:\n{result.stdout[-3000:]}\n{result.stderr}")
    return result


def add_uploads(folder: Path) -> None:
    for name, content in UPLOADS.items():
        path = folder / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def make_demo_site(folder: Path, database_url: str) -> dict:
    env = site_env(folder, database_url)
    cli(env, "migrate", "-v", "0")
    cli(env, "load_demo")
    add_uploads(folder)
    return env


def only_archive(folder: Path) -> Path:
    (archive,) = list(folder.glob("qualitymonth-backup-*"))
    return archive


def manifest_of(archive: Path) -> dict:
    return json.loads((archive / "manifest.json").read_text(encoding="utf-8"))


# --- SQLite ------------------------------------------------------------------------------


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def sqlite_samples(path: Path) -> dict[str, list[tuple]]:
    """The first and last three rows of every table, every column as stored."""
    with sqlite3.connect(path) as db:
        return {
            name: db.execute(f'SELECT * FROM "{name}" ORDER BY 1 LIMIT 3').fetchall()
            + db.execute(f'SELECT * FROM "{name}" ORDER BY 1 DESC LIMIT 3').fetchall()
            for name in sqlite_counts(path)
        }


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory):
    """A demo site on SQLite with uploaded files, and the backup made of it."""
    folder = tmp_path_factory.mktemp("site")
    copy_demo_sqlite(folder)  # `migrate` and `load_demo` as make_demo_site runs them
    add_uploads(folder)
    env = site_env(folder, f"sqlite:///{folder / 'db.sqlite3'}")
    result = cli(env, "backup", "--output", str(folder / "backups"))
    archive = only_archive(folder / "backups")
    assert str(archive) in result.stdout
    return folder, env, archive


def empty_site(folder: Path) -> tuple[dict, Path]:
    # The wiped machine: a new, empty database file and an empty uploads folder.
    folder.mkdir()
    sqlite3.connect(folder / "db.sqlite3").close()
    (folder / "media").mkdir()
    return site_env(folder, f"sqlite:///{folder / 'db.sqlite3'}"), folder / "db.sqlite3"


@pytest.mark.process
def test_a_sqlite_backup_restores_every_row_and_file_exactly(sqlite_backup, tmp_path):
    source, _env, archive = sqlite_backup
    manifest = manifest_of(archive)
    assert manifest["database"]["tables"] == sqlite_counts(source / "db.sqlite3")
    assert manifest["database"]["tables"]["surveys_response"] > 1000
    assert manifest["database"]["migrations"]["core"].startswith("00")
    # Every file of the site: the demo's own (a member's licence) and those written here.
    assert set(manifest["media"]) == set(files_under(source / "media"))
    assert set(UPLOADS) <= set(manifest["media"])

    env, restored_db = empty_site(tmp_path / "restored")
    result = cli(env, "restore", str(archive))

    assert "surveys_response" in result.stdout
    assert sqlite_counts(restored_db) == manifest["database"]["tables"]
    assert files_under(tmp_path / "restored" / "media") == manifest["media"]
    for name, content in UPLOADS.items():
        assert (tmp_path / "restored" / "media" / name).read_bytes() == content
    before, after = sqlite_samples(source / "db.sqlite3"), sqlite_samples(restored_db)
    assert after == before
    # Timestamps keep their microseconds (dumpdata would cut them to milliseconds).
    stamps = [
        value
        for rows in after.values()
        for row in rows
        for value in row
        if isinstance(value, str) and MICROSECONDS.search(value) and not value.endswith("000")
    ]
    assert len(stamps) > 10


@pytest.mark.process
@pytest.mark.parametrize("damaged", ["media/uploads/2026/report.pdf", "database.sqlite3"])
def test_a_damaged_archive_is_refused_naming_the_file(sqlite_backup, tmp_path, damaged):
    _source, _env, archive = sqlite_backup
    copy = tmp_path / archive.name
    shutil.copytree(archive, copy)
    path = copy / damaged
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))
    env, restored_db = empty_site(tmp_path / "restored")

    result = cli(env, "restore", str(copy), check=False)

    assert result.returncode != 0
    assert damaged in result.stderr
    # Nothing was touched: the database is still the empty file, the uploads folder empty.
    assert restored_db.stat().st_size == 0
    assert files_under(tmp_path / "restored" / "media") == {}


@pytest.mark.process
def test_restoring_over_a_database_that_holds_data_needs_yes(sqlite_backup, tmp_path):
    _source, _env, archive = sqlite_backup
    env, restored_db = empty_site(tmp_path / "site")
    with sqlite3.connect(restored_db) as db:
        db.execute("CREATE TABLE kept (note TEXT)")
        db.execute("INSERT INTO kept VALUES ('made after the backup')")
    (tmp_path / "site" / "media" / "mine.txt").write_text("not in the backup")

    refused = cli(env, "restore", str(archive), check=False)

    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    with sqlite3.connect(restored_db) as db:
        assert db.execute("SELECT note FROM kept").fetchall() == [("made after the backup",)]
    assert (tmp_path / "site" / "media" / "mine.txt").exists()

    cli(env, "restore", "--yes", str(archive))

    # The backup replaced everything: the table made since is gone, and so is the file.
    assert sqlite_counts(restored_db) == manifest_of(archive)["database"]["tables"]
    assert set(files_under(tmp_path / "site" / "media")) == set(manifest_of(archive)["media"])


@pytest.mark.process
def test_a_backup_from_a_newer_version_is_refused(sqlite_backup, tmp_path):
    _source, _env, archive = sqlite_backup
    copy = tmp_path / archive.name
    shutil.copytree(archive, copy)
    manifest = manifest_of(copy)
    manifest["database"]["migrations"]["core"] = "9999_from_a_later_release"
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    env, restored_db = empty_site(tmp_path / "restored")

    result = cli(env, "restore", str(copy), check=False)

    assert result.returncode != 0
    assert "core.9999_from_a_later_release" in result.stderr
    assert restored_db.stat().st_size == 0


def test_keep_days_deletes_only_old_archives_of_this_command(tmp_path):
    old = (datetime.datetime.now() - datetime.timedelta(days=31)).timestamp()
    for name in [
        "qualitymonth-backup-20260101-023000",
        "qualitymonth-backup-20260102-023000.tar",
        "qualitymonth-backup-20260103-023000.partial",
        "qualitymonth-backup-20260301-023000",
        "notes.txt",
    ]:
        path = tmp_path / name
        if "." in name:
            path.write_text("x")
        else:
            path.mkdir()
            (path / "manifest.json").write_text("{}")
        if "0301" not in name:
            os.utime(path, (old, old))

    removed = prune_backups(tmp_path, keep_days=30)

    assert sorted(path.name for path in removed) == [
        "qualitymonth-backup-20260101-023000",
        "qualitymonth-backup-20260102-023000.tar",
        "qualitymonth-backup-20260103-023000.partial",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "notes.txt",
        "qualitymonth-backup-20260301-023000",
    ]


# --- PostgreSQL --------------------------------------------------------------------------


def postgres_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{user}{password}@{host}/{name}"


def postgres_samples(url: str) -> tuple[dict[str, int], dict[str, list[tuple]]]:
    import psycopg

    counts, samples = {}, {}
    with psycopg.connect(url) as db:
        names = db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        for (name,) in names:
            counts[name] = db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            samples[name] = (
                db.execute(f'SELECT * FROM "{name}" ORDER BY 1 LIMIT 3').fetchall()
                + db.execute(f'SELECT * FROM "{name}" ORDER BY 1 DESC LIMIT 3').fetchall()
            )
    return counts, samples


@pytest.fixture
def two_postgres_databases():
    import psycopg

    base = f"{settings.DATABASES['default']['NAME']}_backup_{os.getpid()}"
    names = [f"{base}_source", f"{base}_restored"]
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        # The source starts as the migrated database the test databases copy; the other is empty.
        template = settings.DATABASES["default"]["TEST"].get("TEMPLATE")
        admin.execute(
            f'CREATE DATABASE "{names[0]}"' + (f' TEMPLATE "{template}"' if template else "")
        )
        admin.execute(f'CREATE DATABASE "{names[1]}"')
        for name in names:
            # The console's demo load commits row by row and each commit waited for the disk
            # (most of the test's time); a commit the server would lose in a crash is no
            # concern of these throwaway databases, and what is written is the same.
            admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    yield [postgres_url(name) for name in names]
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="the PostgreSQL round trip runs when DATABASE_URL names a PostgreSQL server",
)
@pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="pg_dump and pg_restore (PostgreSQL's client programs) are not on PATH",
)
def test_a_postgres_backup_restores_every_row_and_file_exactly_into_another_database(
    two_postgres_databases, tmp_path
):
    source_url, restored_url = two_postgres_databases
    env = make_demo_site(tmp_path / "source", source_url)
    cli(env, "backup", "--tar", "--output", str(tmp_path / "backups"))
    archive = only_archive(tmp_path / "backups")
    assert archive.suffix == ".tar"
    (tmp_path / "restored").mkdir()

    result = cli(site_env(tmp_path / "restored", restored_url), "restore", str(archive))

    assert "surveys_response" in result.stdout
    source_counts, source_samples = postgres_samples(source_url)
    restored_counts, restored_samples = postgres_samples(restored_url)
    assert restored_counts == source_counts
    assert source_counts["surveys_response"] > 1000
    assert restored_samples == source_samples
    assert files_under(tmp_path / "restored" / "media") == files_under(
        tmp_path / "source" / "media"
    )
    stamps = [
        value
        for rows in restored_samples.values()
        for row in rows
        for value in row
        if isinstance(value, datetime.datetime) and value.microsecond % 1000
    ]
    assert len(stamps) > 10

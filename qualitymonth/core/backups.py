"""Backups: one archive with the database, the uploaded files and a manifest to check both.

An archive is a folder (or the same folder in one .tar) named after the Asia/Shanghai time:

    qualitymonth-backup-20260518-023000/
        manifest.json        counts per table, migrations, sha256 and size of every file
        database.sqlite3     SQLite: a copy made with SQLite's online backup API
        database.pgdump      PostgreSQL: `pg_dump --format=custom`
        media/...            the uploaded files (MEDIA_ROOT), as they were

Why not `dumpdata`: it is slow on large tables, cuts timestamps to milliseconds and leaves the
uploaded files out. The database's own tools copy every byte and every sequence.

A restore checks every checksum before it touches anything, refuses a database that is not
empty unless asked, and counts the rows again afterwards: a restore that has not been checked
is not a restore.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core import backups_postgres as postgres

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
PREFIX = "qualitymonth-backup-"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the reader's language."""


@dataclass
class Contents:
    tables: int = 0
    rows: int = 0
    files: int = 0

    @property
    def empty(self) -> bool:
        return not (self.tables or self.files)


@dataclass
class RestoreReport:
    # (table, rows in the backup, rows after the restore), every table of either side
    tables: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    files: int = 0
    bad_files: list[str] = field(default_factory=list)
    pending_migrations: int = 0

    @property
    def differences(self) -> list[tuple[str, int | None, int | None]]:
        return [row for row in self.tables if row[1] != row[2]]

    @property
    def ok(self) -> bool:
        return not self.differences and not self.bad_files


# --- Checksums ---------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def describe_file(path: Path) -> dict:
    return {"sha256": sha256_of(path), "size": path.stat().st_size}


def files_under(root: Path) -> dict[str, dict]:
    """Every regular file below root: relative POSIX path -> sha256 and size."""
    if not root.is_dir():
        return {}
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(root).as_posix()] = describe_file(path)
    return found


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: db.execute(f"SELECT COUNT(*) FROM {_sqlite_quote(name)}").fetchone()[0]
        for name in names
    }


def sqlite_migrations(db: sqlite3.Connection) -> dict[str, str]:
    try:
        rows = db.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app").fetchall()
    except sqlite3.OperationalError:
        return {}
    return dict(sorted(rows))


def _dump_sqlite(alias: str, target: Path) -> dict:
    # The online backup API copies a consistent snapshot while the site keeps running (WAL
    # readers do not block writers); counts are taken from the copy, so they match it exactly.
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # The copy must be one self-contained file: no -wal or -shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        tables = sqlite_counts(copy)
        migrations = sqlite_migrations(copy)
        version = sqlite3.sqlite_version
    finally:
        copy.close()
    return {"tables": tables, "migrations": migrations, "server_version": version}


def _sqlite_path(alias: str) -> Path:
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(_("An in-memory SQLite database cannot be restored into."))
    return Path(name)


def _sqlite_contents(alias: str) -> Contents:
    path = _sqlite_path(alias)
    if not path.exists():
        return Contents()
    db = sqlite3.connect(path)
    try:
        counts = sqlite_counts(db)
    finally:
        db.close()
    return Contents(tables=len(counts), rows=sum(counts.values()))


def _restore_sqlite(alias: str, dump: Path) -> dict[str, int]:
    path = _sqlite_path(alias)
    connections[alias].close()
    source = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        # The backup API replaces every page of the target in one step, whatever it held.
        source.backup(target)
        return sqlite_counts(target)
    finally:
        source.close()
        target.close()


# --- Manifest ----------------------------------------------------------------------------


def app_version() -> str:
    try:
        return metadata.version("qualitymonth")
    except metadata.PackageNotFoundError:
        return "unknown"


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            _("%(path)s is not a backup: it has no %(manifest)s.")
            % {"path": folder, "manifest": MANIFEST}
        ) from None
    except (OSError, ValueError) as error:
        raise BackupError(
            _("The manifest of %(path)s cannot be read: %(error)s")
            % {"path": folder, "error": error}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s was written in a backup format this version does not know.")
            % {"path": folder}
        )
    return manifest


def _safe_relative(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def verify_archive(folder: Path) -> dict:
    """The manifest, once every file it names is present with its size and sha256.

    Every problem is listed, each naming its file, so that one look tells what is damaged.
    """
    manifest = read_manifest(folder)
    database = manifest.get("database") or {}
    expected = {}
    if database.get("dump") in DUMPS.values():
        expected[database["dump"]] = database
    else:
        raise BackupError(_("The manifest names no database dump."))
    media = manifest.get("media") or {}
    for name, entry in media.items():
        if not _safe_relative(name):
            raise BackupError(
                _("The manifest names a file outside the archive: %(name)s") % {"name": name}
            )
        expected[f"{MEDIA}/{name}"] = entry
    problems = []
    for name, entry in expected.items():
        path = folder / name
        if not path.is_file():
            problems.append(_("%(name)s is missing.") % {"name": name})
            continue
        found = describe_file(path)
        if found["size"] != entry.get("size") or found["sha256"] != entry.get("sha256"):
            problems.append(
                _(
                    "%(name)s does not match its checksum "
                    "(sha256 %(expected)s expected, %(found)s found)."
                )
                % {"name": name, "expected": entry.get("sha256"), "found": found["sha256"]}
            )
    for name in files_under(folder / MEDIA):
        if name not in media:
            problems.append(_("%(name)s is not in the manifest.") % {"name": f"{MEDIA}/{name}"})
    if problems:
        heading = _("The backup %(path)s is damaged; nothing was restored:") % {"path": folder}
        raise BackupError("\n".join([heading, *(f"  - {problem}" for problem in problems)]))
    return manifest


# --- Backup ------------------------------------------------------------------------------


def _archive_name(output: Path) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name, n = f"{PREFIX}{stamp}", 1
    while any((output / f"{name}{suffix}").exists() for suffix in ("", ".tar", ".partial")):
        n += 1
        name = f"{PREFIX}{stamp}-{n}"
    return name


def create_backup(
    output: Path, *, as_tar: bool = False, alias: str = "default"
) -> tuple[Path, dict]:
    """Write one archive into `output`; return its path and manifest.

    Nothing is left behind on failure.
    """
    vendor = connections[alias].vendor
    if vendor not in DUMPS:
        raise BackupError(
            _("Backups of %(vendor)s databases are not supported.") % {"vendor": vendor}
        )
    output.mkdir(parents=True, exist_ok=True)
    name = _archive_name(output)
    # Written under a .partial name and renamed at the end: a folder without it is complete.
    work = output / f"{name}.partial"
    work.mkdir()
    created = timezone.localtime()
    try:
        dump = work / DUMPS[vendor]
        if vendor == "sqlite":
            database = _dump_sqlite(alias, dump)
        else:
            database = postgres.dump(connections[alias].settings_dict, dump)
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            shutil.copytree(media_root, work / MEDIA, symlinks=False)
        else:
            (work / MEDIA).mkdir()
        manifest = {
            "format": FORMAT,
            "created": created.isoformat(),
            "app_version": app_version(),
            "database": {
                "vendor": vendor,
                "dump": dump.name,
                **describe_file(dump),
                "server_version": database["server_version"],
                "migrations": database["migrations"],
                "tables": database["tables"],
            },
            # Checksums of the copies: what the archive holds is what a restore will check.
            "media": files_under(work / MEDIA),
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8"
        )
        if as_tar:
            partial_tar = output / f"{name}.tar.partial"
            with tarfile.open(partial_tar, "w") as tar:
                tar.add(work, arcname=name)
            final = output / f"{name}.tar"
            partial_tar.rename(final)
            shutil.rmtree(work)
        else:
            final = output / name
            work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        (output / f"{name}.tar.partial").unlink(missing_ok=True)
        raise
    return final, manifest


def prune_backups(output: Path, *, keep_days: int) -> list[Path]:
    """Delete this command's archives in `output` older than keep_days; return what went."""
    cutoff = timezone.now().timestamp() - keep_days * 86400
    removed = []
    for path in sorted(output.glob(f"{PREFIX}*")):
        # An old .partial is the remains of a backup that was killed: it goes too.
        if path.stat().st_mtime >= cutoff:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        removed.append(path)
    return removed


# --- Restore -----------------------------------------------------------------------------


def _open_archive(archive: Path, scratch: Path) -> Path:
    if archive.is_dir():
        return archive
    if archive.is_file() and tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tar:
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            tar.extractall(scratch, filter="data")
        folders = [path for path in scratch.iterdir() if path.is_dir()]
        if len(folders) == 1:
            return folders[0]
        return scratch
    raise BackupError(
        _("%(path)s is neither a backup folder nor a .tar archive.") % {"path": archive}
    )


def _check_migrations(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = [
        f"{app}.{name}"
        for app, name in (manifest["database"].get("migrations") or {}).items()
        if (app, name) not in known
    ]
    if newer:
        raise BackupError(
            _(
                "The backup was made by a version with migrations this one does not have "
                "(%(migrations)s): install version %(version)s or later to restore it."
            )
            % {"migrations": ", ".join(newer), "version": manifest.get("app_version", "?")}
        )


def current_contents(alias: str = "default") -> Contents:
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        contents = _sqlite_contents(alias)
    else:
        counts = postgres.counts(connections[alias].settings_dict)
        contents = Contents(tables=len(counts), rows=sum(counts.values()))
    contents.files = len(files_under(Path(settings.MEDIA_ROOT)))
    return contents


def _restore_media(folder: Path, media: dict) -> list[str]:
    """Make MEDIA_ROOT hold exactly the archive's files; return those that do not match."""
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    for name in media:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / MEDIA / name, target)
    # Files the backup did not have would otherwise outlive the restore (the caller confirmed).
    for name in files_under(root):
        if name not in media:
            (root / name).unlink()
    found = files_under(root)
    return sorted(
        name
        for name in set(media) | set(found)
        if found.get(name, {}).get("sha256") != media.get(name, {}).get("sha256")
    )


def _pending_migrations(alias: str) -> int:
    from django.db.migrations.executor import MigrationExecutor

    connections[alias].close()
    executor = MigrationExecutor(connections[alias])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore_backup(
    archive: Path, *, replace: bool = False, alias: str = "default"
) -> RestoreReport:
    """Restore an archive into the configured database and MEDIA_ROOT, then count again.

    Raises BackupError before changing anything when the archive is damaged, was made for
    another kind of database or by a newer version, or when the target holds data and
    `replace` was not given.
    """
    vendor = connections[alias].vendor
    with tempfile.TemporaryDirectory(prefix="qualitymonth-restore-") as scratch:
        folder = _open_archive(Path(archive), Path(scratch))
        manifest = verify_archive(folder)
        database = manifest["database"]
        if database.get("vendor") != vendor:
            raise BackupError(
                _(
                    "This backup holds a %(archive)s database, but the configured database is "
                    "%(configured)s."
                )
                % {"archive": database.get("vendor"), "configured": vendor}
            )
        _check_migrations(manifest)
        contents = current_contents(alias)
        if not contents.empty and not replace:
            raise BackupError(
                _(
                    "The configured database already holds %(tables)d tables with %(rows)d rows "
                    "and %(files)d uploaded files. A restore replaces all of them with the "
                    "backup. Run again with --yes to go ahead."
                )
                % {"tables": contents.tables, "rows": contents.rows, "files": contents.files}
            )
        dump = folder / database["dump"]
        if vendor == "sqlite":
            restored = _restore_sqlite(alias, dump)
        else:
            connections[alias].close()
            postgres.restore(connections[alias].settings_dict, dump)
            restored = postgres.counts(connections[alias].settings_dict)
        bad_files = _restore_media(folder, manifest.get("media") or {})
    expected = database.get("tables") or {}
    report = RestoreReport(
        tables=[
            (name, expected.get(name), restored.get(name))
            for name in sorted(set(expected) | set(restored))
        ],
        files=len(manifest.get("media") or {}),
        bad_files=bad_files,
    )
    report.pending_migrations = _pending_migrations(alias)
    return report


def default_output() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or Path(settings.VAR_DIR) / "backups")

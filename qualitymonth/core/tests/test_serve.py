import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.databases import copy_migrated_sqlite

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode()


# Only a guard against a server that hangs without exiting, never a measure of speed: the
# wait ends as soon as the server is ready, or has stopped.
GIVE_UP_AFTER = 900


def wait_until_ready(server: subprocess.Popen, base: str, ready=lambda: True) -> None:
    """Poll /readyz until it answers 200 (and `ready()` holds), or the server exits."""
    give_up = time.monotonic() + GIVE_UP_AFTER
    while True:
        try:
            if fetch(f"{base}/readyz")[0] == 200 and ready():
                return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > give_up:
            server.terminate()
            output = server.communicate(timeout=60)[0]
            raise AssertionError(
                f"the server stopped or hung before it was ready:\n{output[-3000:]}"
            )
        time.sleep(0.2)


@pytest.mark.process
def test_the_production_server_runs_several_workers_and_serves_its_own_assets(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", VAR_DIR=str(tmp_path))
    cli = [sys.executable, "-m", "qualitymonth.cli"]
    copy_migrated_sqlite(tmp_path / "db.sqlite3")  # its `migrate` then has nothing left to do
    subprocess.run([*cli, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "3"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # Static files are collected (and compressed) first, here into a new VAR_DIR.
        wait_until_ready(server, base)
        status, html = fetch(f"{base}/")
        assert status == 200
        assert "质量月平台" in html
        # Static files carry content hashes in production and are served by the app itself.
        css = re.search(r'href="(/static/vendor/pico/pico\.min\.[0-9a-f]+\.css)"', html).group(1)
        assert fetch(base + css)[0] == 200
        # The first worker may answer before the master has forked the others.
        wait_until_ready(server, base, ready=lambda: len(children_of(server.pid)) == 3)
        assert len(children_of(server.pid)) == 3
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.process
def test_the_production_server_keeps_its_control_socket_in_its_var_dir(tmp_path):
    # gunicorn's default is one socket per account (~/.gunicorn/gunicorn.ctl or
    # $XDG_RUNTIME_DIR): a second deployment of the same account would take it over.
    home = tmp_path / "home"
    home.mkdir()
    var = tmp_path / "var"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.pop("XDG_RUNTIME_DIR", None)
    env.update(DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}", VAR_DIR=str(var), HOME=str(home))
    cli = [sys.executable, "-m", "qualitymonth.cli"]
    copy_migrated_sqlite(var / "db.sqlite3")  # its `migrate` then has nothing left to do
    subprocess.run([*cli, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-collectstatic"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    socket_path = var / "gunicorn.ctl"
    try:
        wait_until_ready(server, f"http://127.0.0.1:{port}", ready=socket_path.is_socket)
        assert oct(socket_path.stat().st_mode & 0o777) == oct(0o600)
        assert not (home / ".gunicorn").exists()
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def static_source(tmp_path, settings):
    """A small static tree collected the production way (hashed names, compressed copies)."""
    source = tmp_path / "source"
    (source / "app").mkdir(parents=True)
    script = "".join(f"console.log('line {n}');\n" for n in range(400))
    (source / "app" / "main.js").write_text(script + "//# sourceMappingURL=main.js.map\n")
    (source / "app" / "main.js.map").write_text(
        '{"version": 3, "mappings": "%s"}' % ("AAAA;" * 3000)
    )
    settings.VAR_DIR = tmp_path / "var"
    settings.STATIC_ROOT = tmp_path / "var" / "static"
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return source


def collect_only() -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("serve", "--collect-only", stdout=out)
    return out.getvalue()


def test_static_files_are_collected_once_and_again_only_when_a_source_file_changes(
    static_source, settings
):
    from django.utils import translation

    translation.activate("en")
    assert "collected" in collect_only()
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    written = manifest.stat().st_mtime_ns
    assert "are current" in collect_only()
    assert manifest.stat().st_mtime_ns == written

    (static_source / "app" / "extra.css").write_text("body { color: #123456; }\n")
    assert "collected" in collect_only()
    assert "app/extra.css" in manifest.read_text()

    # A static root emptied by hand is collected again, whatever the stamp says.
    for path in sorted(settings.STATIC_ROOT.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    assert "collected" in collect_only()
    assert manifest.exists()


def test_scripts_are_served_compressed_but_source_maps_are_not_compressed(static_source, settings):
    collect_only()
    names = {path.name for path in settings.STATIC_ROOT.rglob("*")}
    assert any(re.fullmatch(r"main\.[0-9a-f]{12}\.js\.gz", name) for name in names)
    assert any(re.fullmatch(r"main\.js\.[0-9a-f]{12}\.map", name) for name in names)
    assert not [name for name in names if ".map." in name or name.endswith((".map.gz", ".map.br"))]


# Libraries that take a tenth of a second or more to import, needed by a few pages or actions
# only: the server's start must not wait for them.
HEAVY_LIBRARIES = ("scipy", "numpy", "polars", "pypinyin", "openpyxl", "icalendar", "elementpath")


@pytest.mark.process
def test_the_application_the_server_preloads_imports_no_heavy_library_and_holds_no_connection():
    # gunicorn's master loads the application before forking, so a connection opened there
    # would be shared by workers.
    probe = (
        "import sys\n"
        "from qualitymonth.core.management.commands.serve import application\n"
        "application()\n"
        "from django.db import connections\n"
        f"heavy = [name for name in {HEAVY_LIBRARIES!r} if name in sys.modules]\n"
        "print(heavy or 'False', [c.connection is None for c in connections.all()])\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split()[0] == "False"
    assert "False" not in result.stdout.split(" ", 1)[1]

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


@pytest.mark.process
def test_the_production_server_runs_several_workers_and_serves_its_own_assets(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", VAR_DIR=str(tmp_path))
    cli = [sys.executable, "-m", "qualitymonth.cli"]
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
        # collectstatic (with compression) runs first; a busy machine needs a while.
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _body = fetch(f"{base}/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.terminate()
                    output = server.communicate(timeout=20)[0]
                    raise AssertionError(f"the server did not answer:\n{output[-3000:]}") from None
                time.sleep(0.2)
        assert status == 200
        status, html = fetch(f"{base}/")
        assert "质量月平台" in html
        # Static files carry content hashes in production and are served by the app itself.
        css = re.search(r'href="(/static/vendor/pico/pico\.min\.[0-9a-f]+\.css)"', html).group(1)
        assert fetch(base + css)[0] == 200
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
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"http://127.0.0.1:{port}/healthz")
                if socket_path.is_socket():
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.terminate()
                output = server.communicate(timeout=20)[0]
                raise AssertionError(f"no control socket in VAR_DIR:\n{output[-3000:]}")
            time.sleep(0.2)
        assert oct(socket_path.stat().st_mode & 0o777) == oct(0o600)
        assert not (home / ".gunicorn").exists()
    finally:
        server.terminate()
        server.wait(timeout=20)

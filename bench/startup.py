"""How long `qualitymonth serve` takes from its start to its first answers.

`make bench` runs it. In a scratch VAR_DIR with an SQLite database (start-up does not depend
on the database server), each round measures the seconds from starting the process to the
first 200 on /readyz and then on /:

- floor: a bare `import django; django.setup()` with the platform's settings (until it exits),
  plus gunicorn serving a hello-world WSGI function with as many workers (until it answers):
  what any Django project served by gunicorn pays;
- warm: `qualitymonth serve` on a built checkout (static files collected by the previous start,
  as `make assets` leaves them);
- cold: the same after deleting the collection's stamp, so the static files are collected and
  compressed again, as on a checkout where `make assets` was not run.

Figures are printed beside the floor of the same round, as ratios (median and spread over the
rounds), and written to var/bench/startup.json: absolute numbers depend on the machine and
its load, the ratios much less.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A guard against a server that hangs without exiting, not a measure.
GIVE_UP_AFTER = 900
OUTPUT = ROOT / "var" / "bench" / "startup.json"
KINDS = {"warm": "built checkout", "cold": "static files collected again"}
# Seconds from the start of `serve` on a built checkout until it answers.
FIRST_ANSWER_GOAL = 5


def hello(environ, start_response):
    """The floor's WSGI application (gunicorn loads it as `startup:hello` from bench/)."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status == 200
    except OSError:
        return False


def seconds_to_answers(command: list[str], env: dict, port: int, paths: list[str], log) -> list:
    """Start `command`; the seconds from its start until each path has answered 200, in turn."""
    started = time.monotonic()
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        figures = []
        for path in paths:
            while not answers(f"http://127.0.0.1:{port}{path}"):
                if server.poll() is not None:
                    raise RuntimeError(f"{command[2:4]} stopped (exit code {server.returncode})")
                if time.monotonic() - started > GIVE_UP_AFTER:
                    raise RuntimeError(f"{command[2:4]} did not answer {path}")
                time.sleep(0.05)
            figures.append(time.monotonic() - started)
        return figures
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def floor(env: dict, workers: int, log) -> float:
    started = time.monotonic()
    setup = "import django; django.setup()"
    subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True)
    django_setup = time.monotonic() - started
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--chdir", str(ROOT / "bench"), "startup:hello"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    hello_world = seconds_to_answers(command, env, port, ["/"], log)[0]
    return django_setup + hello_world


def serve(env: dict, workers: int, log) -> list[float]:
    port = free_port()
    command = [sys.executable, "-m", "qualitymonth.cli", "serve"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    return seconds_to_answers(command, env, port, ["/readyz", "/"], log)


def spread(values: list[float]) -> str:
    return f"   ({min(values):.2f}–{max(values):.2f})" if len(values) > 1 else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds")
    parser.add_argument("--quick", action="store_true", help="a check rather than figures: 1 round")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the JSON goes")
    args = parser.parse_args()
    if args.quick:
        args.rounds = 1
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    with tempfile.TemporaryDirectory(prefix="qualitymonth-startup-") as workdir:
        var = Path(workdir)
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
        env.update(
            DJANGO_SETTINGS_MODULE="qualitymonth.settings",
            DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
            VAR_DIR=str(var),
            PYTHONPATH=str(ROOT),
        )
        cli = [sys.executable, "-m", "qualitymonth.cli"]
        subprocess.run([*cli, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        stamp = var / "static.collected"
        figures = {name: [] for name in ("floor", "warm", "cold")}
        print(
            f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
            f"{args.workers} gunicorn workers; seconds from start to the first 200"
        )
        with open(var / "server.log", "w+") as log:
            try:
                for number in range(1, args.rounds + 1):
                    stamp.unlink(missing_ok=True)
                    cold = serve(env, args.workers, log)  # collects, and leaves a built checkout
                    warm = serve(env, args.workers, log)
                    base = floor(env, args.workers, log)
                    figures["cold"].append(cold)
                    figures["warm"].append(warm)
                    figures["floor"].append(base)
                    print(
                        f"round {number}: floor {base:6.2f}  warm /readyz {warm[0]:6.2f} "
                        f"/ {warm[1]:6.2f}  cold /readyz {cold[0]:6.2f} / {cold[1]:6.2f}"
                    )
            except Exception:
                log.seek(0)
                print("--- last lines of the servers' log ---")
                print("".join(log.readlines()[-30:]), end="")
                raise

    floors = figures["floor"]
    print(f"\nmedian of {args.rounds} rounds; ratio = seconds / floor of the same round")
    print(f"{'figure':<22}{'seconds':>8}{'floor':>8}   ratio   (spread)")
    results = []
    for kind in ("warm", "cold"):
        for index, path in enumerate(("/readyz", "/")):
            seconds = [run[index] for run in figures[kind]]
            ratios = [s / f for s, f in zip(seconds, floors, strict=True)]
            ratio, median = statistics.median(ratios), statistics.median(seconds)
            print(
                f"{f'{kind} start, {path}':<22}{median:>8.2f}"
                f"{statistics.median(floors):>8.2f}   {ratio:.2f}× floor{spread(ratios)}"
            )
            figure = {
                "name": f"`serve`, {KINDS[kind]}, until {path} answers",
                "ratio": round(ratio, 3),
                "spread": round(max(ratios) - min(ratios), 3),
                "unit": "time",
                "note": f"{median:.1f} s; floor {statistics.median(floors):.1f} s",
            }
            if kind == "warm":
                figure["goal"] = f"≤ {FIRST_ANSWER_GOAL:g} s"
            results.append(figure)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

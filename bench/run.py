"""Registration and check-in under a burst of concurrent clients, on PostgreSQL.

`make bench` runs it. It makes a scratch database beside the one in --pg-url, serves the
platform the production way (`qualitymonth serve`: gunicorn, several worker processes) and,
in each round:

1. floor: as many clients as register each POST once to a bare view (bench/floor.py) that
   does one indexed read and one insert;
2. registration: that many clients register at once for a fresh event with fewer seats;
   exactly `seats` of them must be confirmed, the rest waiting;
3. floor again, with as many clients as there are tickets to scan;
4. check-in: every confirmed ticket is scanned at once, then scanned again (all refused).

Figures are printed beside the floor of the same round, as ratios (the median over the rounds
of each round's value ÷ floor, with the spread, lowest–highest), and written to
var/bench/writes.json: absolute numbers depend on the machine, the ratios much less. Round 0
warms the workers up and is not counted.
Exits non-zero when a count is wrong; prints "skipped" when PostgreSQL cannot be reached.
"""

import argparse
import asyncio
import datetime
import json
import math
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from scratch import prepare, recreate_database  # bench/scratch.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "qualitymonth_bench"
OUTPUT = ROOT / "var" / "bench" / "writes.json"
REQUEST_TIMEOUT = 120


# --- HTTP: one connection per client, like a phone on the venue's Wi-Fi ---------------------


@dataclass
class Reply:
    status: int
    body: dict
    seconds: float


@dataclass
class Burst:
    wall: float
    replies: list[Reply]

    @property
    def rate(self) -> float:
        return len(self.replies) / self.wall

    def percentile(self, q: float) -> float:
        """Nearest rank, in milliseconds."""
        ordered = sorted(reply.seconds for reply in self.replies)
        if not ordered:
            return math.nan
        return ordered[max(math.ceil(q * len(ordered)) - 1, 0)] * 1000


def _dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size, _, body = body.partition(b"\r\n")
        n = int(size.split(b";")[0], 16)
        if n == 0:
            break
        out, body = out + body[:n], body[n + 2 :]
    return out


async def _post(port: int, path: str, payload: dict, token: str = "") -> Reply:
    data = json.dumps(payload).encode()
    head = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(data)}",
        "Connection: close",
    ]
    if token:
        head.append(f"Authorization: Bearer {token}")
    request = ("\r\n".join(head) + "\r\n\r\n").encode() + data
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), REQUEST_TIMEOUT)
        writer.close()
    except (OSError, TimeoutError) as error:
        return Reply(0, {"error": repr(error)}, time.perf_counter() - started)
    seconds = time.perf_counter() - started
    if not raw:
        return Reply(0, {"error": "the connection closed without an answer"}, seconds)
    header, _, body = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    if b"transfer-encoding: chunked" in header.lower():
        body = _dechunk(body)
    try:
        parsed = json.loads(body) if body else {}
    except ValueError:
        parsed = {"raw": body[:200].decode("utf-8", "replace")}
    return Reply(int(lines[0].split()[1]), parsed, seconds)


def burst(port: int, path: str, payloads: list[dict], token: str = "") -> Burst:
    """All clients at once; the wall time runs from the first connect to the last answer."""

    async def run():
        started = time.perf_counter()
        replies = await asyncio.gather(*(_post(port, path, p, token) for p in payloads))
        return Burst(time.perf_counter() - started, list(replies))

    # A fresh loop per burst: the ORM checks between bursts must run outside one.
    return asyncio.run(run())


# --- The scratch database and the server --------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, log) -> subprocess.Popen:
    # The production command itself, minus collectstatic: the API serves no static files.
    command = [sys.executable, "-m", "qualitymonth.cli", "serve", "--no-collectstatic"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    # The 200 clients all come from this machine: the per-address limit on anonymous
    # registrations (a defence measured elsewhere) is lifted so that seats are what is measured.
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "REGISTRATION_RATE": "1000000/h",
        "REGISTRATION_PHONE_RATE": "1000000/h",
    }
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_until_up(server: subprocess.Popen, port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz within {seconds:.0f} s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def shut_down(server, log, workdir, pg_url: str, database: str, failed: bool) -> None:
    """What every bench does last: stop the server, show its log's tail when something failed,
    and drop the scratch database."""
    if server is not None:
        stop_server(server)
    if failed:
        log.seek(0)
        print("--- last lines of the server's log ---")
        print("".join(log.readlines()[-30:]), end="")
    log.close()
    workdir.cleanup()
    from django.db import connections

    connections.close_all()
    recreate_database(pg_url, database, create=False)


# --- Data, through the platform's own models and services ---------------------------------


def prepare_database() -> str:
    """Migrate, add the floor's table and a secretariat person; return their API token."""
    from django.core.management import call_command
    from django.db import connection

    from bench.floor import CREATE_TABLE
    from qualitymonth.core.services import create_api_token
    from qualitymonth.organizations.models import Position, Role, Unit, UnitKind, User

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
    association = Unit.objects.create(kind=UnitKind.ASSOCIATION, key="sqa", name="上海市质量协会")
    door = User.objects.create_user(username="door", password=secrets.token_urlsafe(16))
    # The secretariat runs every event: its token may check any ticket in.
    Position.objects.create(user=door, unit=association, role=Role.SECRETARIAT)
    return create_api_token(user=door, name="bench")[1]


def new_event(number: int, seats: int):
    from django.utils import timezone

    from qualitymonth.events.models import Event, Venue

    starts = timezone.now() + datetime.timedelta(days=7)
    event = Event.objects.create(
        kind="lecture",
        title=f"质量大讲堂 · bench round {number}",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        registration="open",
    )
    Venue.objects.create(event=event, name="报告厅", capacity=seats)
    return event


def counts_in_database(event) -> dict[str, int]:
    from django.db.models import Count

    rows = event.registrations.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def checked_in_database(event) -> int:
    return event.registrations.filter(checked_in_at__isnull=False).count()


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# --- One round ------------------------------------------------------------------------------


@dataclass
class Round:
    floor_register: Burst
    register: Burst
    floor_scan: Burst
    scan: Burst
    confirmed_replies: int
    confirmed_database: int
    waiting_database: int
    refused_twice: int
    problems: list[str]


def _statuses(replies: list[Reply]) -> str:
    seen: dict[int, int] = {}
    for reply in replies:
        seen[reply.status] = seen.get(reply.status, 0) + 1
    return ", ".join(f"{n}× HTTP {status}" for status, n in sorted(seen.items()))


def _first_error(replies: list[Reply], ok: int) -> str:
    return next((json.dumps(r.body)[:300] for r in replies if r.status != ok), "")


def run_round(number: int, port: int, token: str, clients: int, seats: int) -> Round:
    event = new_event(number, seats)
    problems = []

    floor_path = "/bench/floor/"
    floor_register = burst(port, floor_path, [{"event": event.pk}] * clients)
    if any(reply.status != 201 for reply in floor_register.replies):
        problems.append(f"floor: {_statuses(floor_register.replies)}")

    people = [
        # Unique 11-digit mobile numbers: the same number may register only once per event.
        {"name": f"听众{i}", "phone": f"139{number:04d}{i:04d}", "email": ""}
        for i in range(clients)
    ]
    register = burst(port, f"/api/events/{event.pk}/registrations", people)
    created = [reply for reply in register.replies if reply.status == 201]
    if len(created) != clients:
        problems.append(
            f"registration: {_statuses(register.replies)}; "
            f"first refusal: {_first_error(register.replies, 201)}"
        )
    tickets = [
        reply.body["ticket_code"] for reply in created if reply.body["status"] == "confirmed"
    ]
    in_database = counts_in_database(event)
    confirmed, waiting = in_database.get("confirmed", 0), in_database.get("waiting", 0)
    if not len(tickets) == confirmed == seats:
        problems.append(
            f"confirmed: {len(tickets)} in the replies, {confirmed} in the database, "
            f"for {seats} seats"
        )
    if waiting != clients - seats or sum(in_database.values()) != clients:
        problems.append(f"registrations in the database: {in_database}")

    floor_scan = burst(port, floor_path, [{"event": event.pk}] * len(tickets))
    check_ins = f"/api/events/{event.pk}/check-ins"
    scan = burst(port, check_ins, [{"code": code} for code in tickets], token)
    if any(reply.status != 200 for reply in scan.replies):
        problems.append(
            f"first scans: {_statuses(scan.replies)}; first refusal: "
            f"{_first_error(scan.replies, 200)}"
        )
    rescan = burst(port, check_ins, [{"code": code} for code in tickets], token)
    refused = [r for r in rescan.replies if r.status == 409 and r.body.get("code") == "twice"]
    if len(refused) != len(tickets):
        problems.append(f"second scans: {_statuses(rescan.replies)}, {len(refused)} as 'twice'")
    if checked_in_database(event) != len(tickets):
        problems.append(f"checked in: {checked_in_database(event)} in the database")
    return Round(
        floor_register=floor_register,
        register=register,
        floor_scan=floor_scan,
        scan=scan,
        confirmed_replies=len(tickets),
        confirmed_database=confirmed,
        waiting_database=waiting,
        refused_twice=len(refused),
        problems=problems,
    )


# --- Report ------------------------------------------------------------------------------


FIGURES = [
    # (figure, the platform's value in a round, the floor's value in the same round, unit)
    (
        "registration, 200 clients: requests/s",
        lambda r: r.register.rate,
        lambda r: r.floor_register.rate,
        "throughput",
    ),
    (
        "registration p50 latency",
        lambda r: r.register.percentile(0.50),
        lambda r: r.floor_register.percentile(0.50),
        "latency",
    ),
    (
        "registration p99 latency",
        lambda r: r.register.percentile(0.99),
        lambda r: r.floor_register.percentile(0.99),
        "latency",
    ),
    ("check-in: scans/s", lambda r: r.scan.rate, lambda r: r.floor_scan.rate, "throughput"),
    (
        "check-in p50 latency",
        lambda r: r.scan.percentile(0.50),
        lambda r: r.floor_scan.percentile(0.50),
        "latency",
    ),
    (
        "check-in p99 latency",
        lambda r: r.scan.percentile(0.99),
        lambda r: r.floor_scan.percentile(0.99),
        "latency",
    ),
]
# Throughput: at least this share of the floor's (the goal of the platform's writes).
GOAL = 0.5


def report(rounds: list[Round], clients: int, seats: int) -> list[dict]:
    """Print each figure as the median over the rounds of value ÷ floor of the same round,
    with its spread (lowest–highest); return them for var/bench/writes.json."""
    print(f"\nmedian of {len(rounds)} rounds; ratio = value / floor of the same round")
    print(f"{'figure':<40}{'value':>8}{'floor':>8}   ratio   (spread)")
    results = []
    for name, value, floor, unit in FIGURES:
        ratios = [value(r) / floor(r) if floor(r) else math.nan for r in rounds]
        v = statistics.median(value(r) for r in rounds)
        f = statistics.median(floor(r) for r in rounds)
        ratio = statistics.median(ratios)
        goal = f"   goal ≥ {GOAL:g}×" if unit == "throughput" else ""
        print(
            f"{name:<40}{v:>8.0f}{f:>8.0f}   {ratio:.2f}×   "
            f"({min(ratios):.2f}–{max(ratios):.2f}){goal}"
        )
        figure = {
            "name": name,
            "ratio": round(ratio, 3),
            "spread": round(max(ratios) - min(ratios), 3),
            "unit": unit,
        }
        if unit == "throughput":
            figure["goal"] = f"≥ {GOAL:g}×"
        results.append(figure)
    print(
        f"{clients} clients, {seats} seats: confirmed {_each(rounds, 'confirmed_replies')} "
        f"(database {_each(rounds, 'confirmed_database')}), "
        f"waiting {_each(rounds, 'waiting_database')}"
    )
    print(f"second scans refused as 'twice': {_each(rounds, 'refused_twice')}")
    return results


def _each(rounds: list[Round], count: str) -> str:
    """The count when every round agrees, else each round's, in order."""
    seen = [getattr(r, count) for r in rounds]
    return str(seen[0]) if len(set(seen)) == 1 else "/".join(map(str, seen))


def write_results(path: Path, results: list[dict]) -> None:
    """[{name, ratio, spread, unit}, …], as every part of the bench writes (bench/report.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test"),
        help=f"a PostgreSQL server to use; the bench makes its own database {BENCH_DB} there",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--clients", type=int, default=200, help="clients registering at once")
    parser.add_argument("--seats", type=int, default=100, help="seats of the event")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds (after a warm-up)")
    parser.add_argument(
        "--quick", action="store_true", help="a check rather than figures: 2 rounds"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the JSON goes")
    args = parser.parse_args()
    if args.quick:
        args.rounds = min(args.rounds, 2)
    if not 0 < args.seats < args.clients:
        parser.error("--seats must be fewer than --clients: the rest go on the waiting list")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    workdir = prepare(args.pg_url, BENCH_DB)
    if workdir is None:
        return 0
    sys.path.insert(0, str(ROOT))
    # WhiteNoise warns about a missing static root; the API serves no static files anyway.
    (Path(workdir.name) / "static").mkdir()
    server, failed = None, False
    log = open(Path(workdir.name) / "server.log", "w+")  # noqa: SIM115 (closed in finally)
    try:
        import django

        django.setup()
        token = prepare_database()
        port = free_port()
        server = start_server(port, args.workers, log)
        wait_until_up(server, port)

        print(
            f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}, "
            f"Python {platform.python_version()}, PostgreSQL {database_version()}"
        )
        print(
            f"server: qualitymonth serve, {args.workers} gunicorn workers; clients on the same "
            f"machine, one connection each"
        )
        rounds = []
        for number in range(args.rounds + 1):
            result = run_round(number, port, token, args.clients, args.seats)
            label = "warm-up" if number == 0 else f"round {number}"
            print(
                f"{label:<8} registrations/s {result.register.rate:6.0f} "
                f"(floor {result.floor_register.rate:4.0f})  "
                f"scans/s {result.scan.rate:6.0f} (floor {result.floor_scan.rate:4.0f})  "
                f"confirmed {result.confirmed_replies} (database {result.confirmed_database})  "
                f"waiting {result.waiting_database}"
            )
            for problem in result.problems:
                print(f"  FAILED {problem}")
            failed = failed or bool(result.problems)
            if number:
                rounds.append(result)
        results = report(rounds, args.clients, args.seats)
        if not failed:
            write_results(args.output, results)
    except Exception:
        failed = True
        raise
    finally:
        shut_down(server, log, workdir, args.pg_url, BENCH_DB, failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

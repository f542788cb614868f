"""Public pages (and one signed-in page) under 50 concurrent clients, on PostgreSQL + Redis.

`make bench` runs it. It makes a scratch database beside the one in --pg-url, loads the demo
data, serves the platform the production way (`qualitymonth serve`: gunicorn, several worker
processes; cache and sessions in Redis) and, in each round, for every page of the table:

1. floor: the clients GET a bare Django view on the same server that returns as many bytes
   as the page (it goes through the same middleware and workers);
2. page: the same clients GET the page.

Each figure is the page's throughput over its floor's in the same round (the order of the
two alternates from round to round), printed as the median over the rounds with its spread
(lowest–highest); absolute numbers depend on the machine and its load, the ratios much
less. Round 0 warms the workers and the cache up and is not counted. The figures are also
written to var/bench/pages.json. Exits non-zero when a page answers anything but 200;
prints "skipped" when PostgreSQL cannot be reached.
"""

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpResponse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "qualitymonth_bench_pages"
OUTPUT = ROOT / "var" / "bench" / "pages.json"
REQUEST_TIMEOUT = 120
# The tests use Redis databases 5–14 (one per pytest-xdist worker); the bench takes the last.
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


# --- The floor: served by the platform's own workers (bench/urls.py routes to it) ----------

_BODIES: dict[int, bytes] = {}


def floor(request, size: int):
    """`size` bytes of HTML-typed text and nothing else: what any Django view costs."""
    body = _BODIES.get(size)
    if body is None:
        body = _BODIES.setdefault(size, b"x" * min(size, 50_000_000))
    return HttpResponse(body, content_type="text/html; charset=utf-8")


# --- HTTP: one connection per request (gunicorn's sync workers close it anyway) ------------


@dataclass
class Burst:
    wall: float
    statuses: dict[int, int]
    requests: int

    @property
    def rate(self) -> float:
        return self.requests / self.wall


async def _get(port: int, path: str, cookie: str) -> tuple[int, int]:
    head = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if cookie:
        head.append(f"Cookie: {cookie}")
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), REQUEST_TIMEOUT)
        writer.close()
    except (OSError, TimeoutError):
        return 0, 0
    header, _, body = raw.partition(b"\r\n\r\n")
    try:
        return int(header.split(b" ", 2)[1]), len(body)
    except (IndexError, ValueError):
        return 0, 0


def burst(port: int, path: str, clients: int, each: int, cookie: str = "") -> Burst:
    """`clients` clients at once, each sending `each` requests one after another."""

    async def client(statuses: dict[int, int]):
        for _ in range(each):
            status, _size = await _get(port, path, cookie)
            statuses[status] = statuses.get(status, 0) + 1

    async def run():
        statuses: dict[int, int] = {}
        started = time.perf_counter()
        await asyncio.gather(*(client(statuses) for _ in range(clients)))
        return Burst(time.perf_counter() - started, statuses, clients * each)

    return asyncio.run(run())


def body_size(port: int, path: str, cookie: str) -> int:
    async def one():
        return await _get(port, path, cookie)

    status, size = asyncio.run(one())
    if status != 200:
        raise RuntimeError(f"{path} answered HTTP {status}")
    return size


# --- The pages, from the demo data --------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str
    cookie: str = ""
    size: int = 0


def signed_in_cookie(username: str) -> str:
    """A session of `username`, second factor passed, stored where the server reads it."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from qualitymonth.organizations.models import User

    user = User.objects.get(username=username)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="bench")
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def pages() -> list[Page]:
    from django.utils import timezone

    from qualitymonth.events.models import Event
    from qualitymonth.figures.models import PublishedYear
    from qualitymonth.surveys.models import Round

    event = (
        Event.objects.filter(is_published=True, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
        or Event.objects.filter(is_published=True).order_by("-starts_at").first()
    )
    round_ = Round.objects.filter(runs__published_at__isnull=False).order_by("-year").first()
    published = PublishedYear.objects.order_by("-year").values_list("year", flat=True).first()
    figures_year = published or timezone.localdate().year
    return [
        Page("home", "/"),
        Page("campaign plan", "/campaigns/2020/"),
        Page("event list", "/events/"),
        Page("event page", f"/events/{event.pk}/"),
        Page("survey results", f"/surveys/rounds/{round_.pk}/results/"),
        Page("citizen-service figures", "/enquiries/figures/", signed_in_cookie("secretariat")),
        Page("/api/units", "/api/units"),
        # Every other list an anonymous visitor reads (issue 18).
        Page("unit directory", "/units/"),
        Page("recognition programs", "/awards/"),
        Page("training catalogue", "/training/"),
        Page("training classes", "/training/classes/"),
        Page("lecturers", "/training/lecturers/"),
        Page("cqo registry", "/training/cqo/"),
        Page("standards catalogue", "/standards/"),
        Page("standards pilots", "/standards/pilots/"),
        Page("quality team counts", "/quality/teams/counts/"),
        Page("quality figures", "/quality/figures/"),
        Page("csr reports", "/quality/csr/"),
        Page("quality programs", "/quality/programs/"),
        Page("case library", "/quality/cases/"),
        Page("year in figures", f"/figures/{figures_year}/"),
        Page("council terms", "/figures/terms/"),
        Page("open data", "/open-data/"),
        Page("news index", "/news/"),
        Page("news column", "/news/news/"),
        Page("all columns", "/news/all/"),
        Page("campaign list", "/campaigns/"),
        Page("campaign activities", "/campaigns/2020/activities/"),
        Page("survey rounds", "/surveys/"),
        Page("commitment wall", "/events/commitments/"),
    ]


def prepare_database() -> None:
    from django.core.management import call_command

    from qualitymonth.demo.loader import load_all

    call_command("migrate", verbosity=0)
    load_all()


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


# --- Rounds and report -------------------------------------------------------------------


def measure(port: int, page: Page, clients: int, each: int, floor_first: bool) -> tuple:
    floor_path = f"/bench/bytes/{page.size}/"
    order = [(floor_path, "floor"), (page.path, "page")]
    bursts = {}
    for path, kind in order if floor_first else reversed(order):
        bursts[kind] = burst(port, path, clients, each, page.cookie)
        if set(bursts[kind].statuses) != {200}:
            raise RuntimeError(f"{page.name} {kind}: HTTP statuses {bursts[kind].statuses}")
    return bursts["page"].rate / bursts["floor"].rate, bursts["page"], bursts["floor"]


def report(figures: dict[str, list[float]], goal: float) -> list[dict]:
    print(f"\nmedian of the rounds; ratio = page throughput / floor throughput (goal ≥ {goal}×)")
    print(f"{'page':<26}{'ratio':>8}   (spread)")
    results = []
    for name, ratios in figures.items():
        median = statistics.median(ratios)
        spread = max(ratios) - min(ratios)
        mark = "" if median >= goal else "   below the goal"
        print(f"{name:<26}{median:>7.2f}×   ({min(ratios):.2f}–{max(ratios):.2f}){mark}")
        results.append(
            {
                "name": name,
                "ratio": round(median, 3),
                "spread": round(spread, 3),
                "unit": "throughput",
            }
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test"),
        help=f"a PostgreSQL server to use; the bench makes its own database {BENCH_DB} there",
    )
    parser.add_argument(
        "--redis-url", default=DEFAULT_REDIS, help="a Redis database the bench may empty"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--clients", type=int, default=50, help="clients at once")
    parser.add_argument("--requests", type=int, default=4, help="requests per client per burst")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds (after a warm-up)")
    parser.add_argument(
        "--only",
        default="",
        help="measure only pages whose name has this (several: separated by commas)",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the JSON goes")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import free_port, shut_down, start_server, wait_until_up
    from scratch import prepare

    try:
        flush_redis(args.redis_url)
    except Exception as error:  # any failure to reach Redis skips the bench
        print(f"Redis not reachable at {args.redis_url} ({error}): bench skipped")
        return 0
    workdir = prepare(args.pg_url, BENCH_DB, REDIS_URL=args.redis_url)
    if workdir is None:
        return 0
    sys.path.insert(0, str(ROOT))
    (Path(workdir.name) / "static").mkdir()
    server, failed = None, False
    log = open(Path(workdir.name) / "server.log", "w+")  # noqa: SIM115 (closed in finally)
    try:
        import django

        django.setup()
        started = time.perf_counter()
        prepare_database()
        print(f"demo data loaded in {time.perf_counter() - started:.0f} s")
        wanted = [part for part in args.only.split(",") if part] or [""]
        table = [p for p in pages() if any(part in p.name for part in wanted)]
        port = free_port()
        server = start_server(port, args.workers, log)
        wait_until_up(server, port)
        for page in table:
            page.size = body_size(port, page.path, page.cookie)
        print(
            f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}, "
            f"Python {platform.python_version()}"
        )
        print(
            f"server: qualitymonth serve, {args.workers} gunicorn workers, Redis cache; "
            f"{args.clients} clients × {args.requests} requests a burst"
        )
        figures: dict[str, list[float]] = {page.name: [] for page in table}
        for number in range(args.rounds + 1):
            label = "warm-up" if number == 0 else f"round {number}"
            for page in table:
                ratio, page_burst, floor_burst = measure(
                    port, page, args.clients, args.requests, floor_first=number % 2 == 0
                )
                print(
                    f"{label:<8} {page.name:<26} {page_burst.rate:7.0f}/s  "
                    f"floor {floor_burst.rate:7.0f}/s ({page.size} bytes)  {ratio:.2f}×",
                    flush=True,
                )
                if number:
                    figures[page.name].append(ratio)
        results = report(figures, goal=0.5)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"written to {args.output}")
    except Exception:
        failed = True
        raise
    finally:
        shut_down(server, log, workdir, args.pg_url, BENCH_DB, failed)
        flush_redis(args.redis_url)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""A knowledge contest: 5,000 entrants answering in the same 10 minutes, on PostgreSQL.

`make bench` runs it. It makes a scratch database beside the one in --pg-url, serves the
platform the production way (`qualitymonth serve`, several gunicorn workers, cache and
sessions in Redis; the server and its helpers are bench/run.py's, the page bursts
bench/pages.py's) and, in each round, for a fresh contest whose entrants have each entered
(verified phone, attempt started: the text message is not what is measured) and are signed
in:

1. floor: as many POSTs as there are entrants to a bare view (bench/floor.py: one indexed
   read and one insert), from --clients connections at once, each with an entrant's session
   cookie (the framework loads the session and the person, as for any request of theirs);
   then the same anonymously, reported beside it for comparison;
2. answers: every entrant submits their answers to the attempt page, from as many
   connections; the server checks the time limit, saves the answers and computes the score;
   every attempt must end submitted and scored, and the whole lot within the contest's
   10 minutes;
3. leaderboard: the clients, each signed in as one of the entrants, read the contest's page
   (the first 50 by score, then time, and their own entry) beside a floor view answering as
   many bytes with the same cookies (bench/pages.py's); then the same without a session, as
   anyone not signed in reads it.

Figures are ratios to the floor of the same round (median over the rounds, with the spread,
lowest–highest), written to var/bench/contest.json. Round 0 warms up and is not counted.
Exits non-zero when a count is wrong; prints "skipped" when PostgreSQL cannot be reached.
"""

import argparse
import asyncio
import datetime
import itertools
import json
import math
import os
import platform
import random
import secrets
import statistics
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from pages import Burst as Reads  # bench/pages.py, beside this script
from pages import _get as get_page
from pages import body_size, flush_redis
from pages import burst as get_burst
from run import (
    REQUEST_TIMEOUT,
    Burst,
    Reply,
    database_version,
    free_port,
    shut_down,
    start_server,
    wait_until_up,
    write_results,
)
from scratch import prepare

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "qualitymonth_bench_contest"
# The tests use Redis databases 5–14, bench/pages.py 15 and bench/search.py 4: this one, 3.
DEFAULT_REDIS = "redis://127.0.0.1:6379/3"
OUTPUT = ROOT / "var" / "bench" / "contest.json"
WINDOW = datetime.timedelta(minutes=10)
QUESTIONS_DRAWN = 10
WARM_UP = 500


# --- HTTP: each client sends its share of the requests, one after another ------------------


async def _send(port: int, method: str, path: str, body: bytes, head: list[str]) -> Reply:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [*head, f"Content-Length: {len(body)}"]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
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
    header, _, body = raw.partition(b"\r\n\r\n")
    try:
        status = int(header.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return Reply(0, {"error": "no answer"}, seconds)
    found = {}
    for line in header.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "location":
            found["location"] = value.strip()
    if status >= 400:
        found["body"] = body[:300].decode("utf-8", "replace")
    return Reply(status, found, seconds)


def pool(port: int, requests: list[tuple[str, bytes, list[str]]], clients: int) -> Burst:
    """`clients` connections at a time work through the POSTs (path, body, headers)."""

    async def run():
        queue = list(reversed(requests))
        replies: list[Reply] = []

        async def client():
            while queue:
                path, body, head = queue.pop()
                replies.append(await _send(port, "POST", path, body, head))

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        return Burst(time.perf_counter() - started, replies)

    return asyncio.run(run())


# --- Data, through the platform's models ----------------------------------------------------


def make_bank():
    from qualitymonth.training.models import Question, QuestionBank

    bank = QuestionBank.objects.create(title="质量知识竞赛题库 · bench")
    kinds = ["single", "multiple", "true_false", "fill_in"]
    for n in range(40):
        kind = kinds[n % len(kinds)]
        values = {"kind": kind, "text": f"第{n + 1}题", "topic": "质量月"}
        if kind in ("single", "multiple"):
            values["choices"] = ["甲", "乙", "丙", "丁"]
            values["answer"] = [n % 4] if kind == "single" else [0, (n % 3) + 1]
        elif kind == "true_false":
            values["answer"] = [n % 2 == 0]
        else:
            values["answer"] = ["PDCA"]
        Question.objects.create(bank=bank, **values)
    return bank


def make_entrants(count: int) -> list[tuple[int, str]]:
    """Signed-in people: (user id, session cookie value), sessions stored where the server
    reads them (the configured session engine: Redis here), as a sign-in would leave them."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password

    from qualitymonth.organizations.models import User

    store = import_module(settings.SESSION_ENGINE).SessionStore
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"entrant-{n}", password=password) for n in range(count)],
        batch_size=1000,
    )
    out = []
    for user in users:
        session = store()
        session.update(
            {
                SESSION_KEY: str(user.pk),
                # The backend that signs people in with a password (the others only check).
                BACKEND_SESSION_KEY: "qualitymonth.core.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        session.set_expiry(86400)
        session.create()
        out.append((user.pk, session.session_key))
    return out


def new_contest(number: int, bank, entrants: list[tuple[int, str]]):
    """A contest open now, each entrant's attempt started (drawn as the service draws it:
    questions at random, choices shuffled) and their entry made."""
    from django.utils import timezone

    from qualitymonth.training.models import Attempt, Contest, ContestEntry, Exam

    now = timezone.now()
    exam = Exam.objects.create(
        title=f"质量知识竞赛 · round {number}",
        bank=bank,
        question_count=QUESTIONS_DRAWN,
        time_limit_minutes=int(WINDOW.total_seconds() // 60),
        is_open=True,
    )
    contest = Contest.objects.create(
        key=f"bench-{number}",
        title=exam.title,
        exam=exam,
        opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + WINDOW,
    )
    questions = list(bank.questions.values_list("pk", "kind"))
    rng = random.Random(number)
    attempts = []
    for user_id, _key in entrants:
        drawn = rng.sample(questions, QUESTIONS_DRAWN)
        orders = {}
        for pk, kind in drawn:
            if kind in ("single", "multiple"):
                orders[str(pk)] = rng.sample(range(4), 4)
        attempts.append(
            Attempt(
                exam=exam,
                user_id=user_id,
                started_at=now,
                deadline=now + WINDOW,
                question_ids=[pk for pk, _kind in drawn],
                choice_orders=orders,
            )
        )
    attempts = Attempt.objects.bulk_create(attempts, batch_size=1000)
    ContestEntry.objects.bulk_create(
        [
            ContestEntry(
                contest=contest,
                phone=f"+86139{number:02d}{n:06d}",
                phone_verified_at=now,
                display_name=f"选手{n}",
                attempt=attempt,
            )
            for n, attempt in enumerate(attempts)
        ],
        batch_size=1000,
    )
    return contest, attempts


def answers_of(attempt, kinds: dict[int, str], rng: random.Random) -> bytes:
    """What an entrant ticks: some right, some wrong, as a form posts it."""
    fields = []
    for pk in attempt.question_ids:
        kind = kinds[pk]
        if kind == "single":
            fields.append((f"q{pk}", str(rng.randrange(4))))
        elif kind == "multiple":
            fields += [(f"q{pk}", str(i)) for i in rng.sample(range(4), 2)]
        elif kind == "true_false":
            fields.append((f"q{pk}", rng.choice(["true", "false"])))
        else:
            fields.append((f"q{pk}", rng.choice(["PDCA", "pdca", "SDCA"])))
    return fields


def submissions(attempts, entrants, bank, number: int) -> list[tuple[str, bytes, list[str]]]:
    kinds = dict(bank.questions.values_list("pk", "kind"))
    rng = random.Random(1000 + number)
    out = []
    for attempt, (_user_id, session) in zip(attempts, entrants, strict=True):
        csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked secret
        fields = [("csrfmiddlewaretoken", csrf), *answers_of(attempt, kinds, rng)]
        head = [
            "Content-Type: application/x-www-form-urlencoded",
            f"Cookie: sessionid={session}; csrftoken={csrf}",
        ]
        out.append(
            (f"/training/attempts/{attempt.pk}/", urllib.parse.urlencode(fields).encode(), head)
        )
    return out


def settled(contest) -> dict:
    from django.db.models import Count, Q

    return contest.exam.attempts.aggregate(
        submitted=Count("pk", filter=Q(submitted_at__isnull=False), distinct=True),
        scored=Count("pk", filter=Q(score__isnull=False, passed__isnull=False), distinct=True),
        answers=Count("answers"),
    )


def leaderboard_is_ordered(contest) -> bool:
    from qualitymonth.training.selectors_contests import leaderboard

    rows = [(entry.attempt.score, entry.taken) for entry in leaderboard(contest)]
    return all(a[0] > b[0] or (a[0] == b[0] and a[1] <= b[1]) for a, b in itertools.pairwise(rows))


# --- One round ------------------------------------------------------------------------------


@dataclass
class Round:
    floor: Burst
    floor_anonymous: Burst
    answers: Burst
    board: float
    board_floor: float
    board_anonymous: float
    board_anonymous_floor: float
    late: int
    problems: list[str]

    @property
    def saved_rate(self) -> float:
        return (len(self.answers.replies) - self.late) / self.answers.wall


def _statuses(replies: list[Reply]) -> str:
    seen: dict[int, int] = {}
    for reply in replies:
        seen[reply.status] = seen.get(reply.status, 0) + 1
    return ", ".join(f"{n}× HTTP {status}" for status, n in sorted(seen.items()))


def run_round(number: int, port: int, bank, entrants, clients: int, reads: int) -> Round:
    floor_body = json.dumps({"event": 0}).encode()
    json_head = "Content-Type: application/json"
    # The floor of a signed-in write: the bare view with each entrant's session cookie, so
    # the framework loads their session and person as for any request of theirs (as the
    # signed-in leaderboard's floor does); and, for comparison, the same view anonymously.
    signed_in = [
        ("/bench/floor/", floor_body, [json_head, f"Cookie: sessionid={session}"])
        for _user_id, session in entrants
    ]
    anonymous = [("/bench/floor/", floor_body, [json_head])] * len(entrants)
    problems = []
    floors = {}
    for who, requests in (("signed in", signed_in), ("anonymous", anonymous)):
        floors[who] = pool(port, requests, clients)
        if any(reply.status != 201 for reply in floors[who].replies):
            problems.append(f"floor ({who}): {_statuses(floors[who].replies)}")
    floor = floors["signed in"]
    # The contest's 10 minutes start now, as everyone starts answering.
    contest, attempts = new_contest(number, bank, entrants)
    requests = submissions(attempts, entrants, bank, number)
    answers = pool(port, requests, clients)
    # A submission answers with a redirect to its result (not to the sign-in page); one sent
    # after the time limit is refused (400) and counted as late.
    late = [reply for reply in answers.replies if reply.status == 400]
    refused = [
        reply
        for reply in answers.replies
        if reply.status != 400
        and (reply.status != 302 or "/training/attempts/" not in reply.body.get("location", ""))
    ]
    if refused:
        problems.append(f"answers: {_statuses(answers.replies)}; first: {refused[0].body}")
    counts = settled(contest)
    in_time = len(entrants) - len(late)
    expected = {"submitted": in_time, "scored": in_time, "answers": in_time * QUESTIONS_DRAWN}
    if counts != expected:
        problems.append(f"in the database: {counts}, expected {expected}")
    if not leaderboard_is_ordered(contest):
        problems.append("the leaderboard is not by score, then time")
    page = f"/training/contests/{contest.key}/"
    each = max(reads // clients, 1)
    board_clients = min(clients, reads)
    # Each client is one entrant (their session, and the CSRF cookie a browser sends back).
    cookies = [
        f"sessionid={session}; csrftoken={secrets.token_hex(16)}"
        for _user_id, session in entrants[:board_clients]
    ]
    rates = {}
    for who, head in (("signed in", cookies), ("anonymous", [""] * board_clients)):
        size = body_size(port, page, head[0])
        # The two alternate from round to round: neither always runs on a warmer server.
        order = [("floor", f"/bench/bytes/{size}/"), ("page", page)]
        for kind, path in order if number % 2 else reversed(order):
            result = reads_of(port, path, head, each)
            if set(result.statuses) != {200}:
                problems.append(f"leaderboard {who} {kind}: HTTP {result.statuses}")
            rates[who, kind] = result.rate
    return Round(
        floor,
        floors["anonymous"],
        answers,
        rates["signed in", "page"],
        rates["signed in", "floor"],
        rates["anonymous", "page"],
        rates["anonymous", "floor"],
        len(late),
        problems,
    )


def reads_of(port: int, path: str, cookies: list[str], each: int) -> Reads:
    """One client per cookie at once, each sending `each` GETs one after another."""
    if len(set(cookies)) == 1:
        return get_burst(port, path, len(cookies), each, cookies[0])

    async def client(cookie: str, statuses: dict[int, int]):
        for _ in range(each):
            status, _size = await get_page(port, path, cookie)
            statuses[status] = statuses.get(status, 0) + 1

    async def run():
        statuses: dict[int, int] = {}
        started = time.perf_counter()
        await asyncio.gather(*(client(cookie, statuses) for cookie in cookies))
        return Reads(time.perf_counter() - started, statuses, len(cookies) * each)

    return asyncio.run(run())


# --- Report ---------------------------------------------------------------------------------


def _percentile(burst: Burst, q: float) -> float:
    ordered = sorted(reply.seconds for reply in burst.replies)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)] * 1000 if ordered else math.nan


FIGURES = [
    (
        "answers saved and scored: per second",
        lambda r: r.saved_rate,
        lambda r: r.floor.rate,
        "throughput",
    ),
    (
        "answers saved and scored: per second, against an anonymous floor",
        lambda r: r.saved_rate,
        lambda r: r.floor_anonymous.rate,
        "throughput, informational",
    ),
    (
        "answers p50 latency",
        lambda r: _percentile(r.answers, 0.5),
        lambda r: _percentile(r.floor, 0.5),
        "latency",
    ),
    (
        "answers p99 latency",
        lambda r: _percentile(r.answers, 0.99),
        lambda r: _percentile(r.floor, 0.99),
        "latency",
    ),
    (
        "leaderboard read, signed in: requests/s",
        lambda r: r.board,
        lambda r: r.board_floor,
        "throughput",
    ),
    (
        "leaderboard read, anonymous: requests/s",
        lambda r: r.board_anonymous,
        lambda r: r.board_anonymous_floor,
        "throughput",
    ),
]
GOAL = 0.5


def report(rounds: list[Round], entrants: int, clients: int) -> list[dict]:
    print(f"\nmedian of {len(rounds)} rounds; ratio = value / floor of the same round")
    print(f"{'figure':<42}{'value':>8}{'floor':>8}   ratio   (spread)")
    walls = [r.answers.wall for r in rounds]
    late = [r.late for r in rounds]
    note = (
        f"{entrants:,} entrants from {clients} connections answered in "
        f"{statistics.median(walls):.0f} s (the contest gives 10 minutes); "
        + (
            "none late"
            if not any(late)
            else f"sent after the time limit and refused: {'/'.join(map(str, late))}"
        )
    )
    results = []
    for name, value, floor, unit in FIGURES:
        ratios = [value(r) / floor(r) if floor(r) else math.nan for r in rounds]
        ratio = statistics.median(ratios)
        unit, _, informational = unit.partition(", ")
        goal = f"   goal ≥ {GOAL:g}×" if unit == "throughput" and not informational else ""
        print(
            f"{name:<42}{statistics.median(value(r) for r in rounds):>8.0f}"
            f"{statistics.median(floor(r) for r in rounds):>8.0f}   {ratio:.2f}×   "
            f"({min(ratios):.2f}–{max(ratios):.2f}){goal}"
        )
        figure = {
            "name": name,
            "ratio": round(ratio, 3),
            "spread": round(max(ratios) - min(ratios), 3),
            "unit": unit,
        }
        if unit == "throughput":
            figure["goal"] = f"≥ {GOAL:g}×" if goal else ""  # "": shown for comparison only
        if name == FIGURES[0][0]:
            figure["note"] = note
        results.append(figure)
    print(note)
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
    parser.add_argument("--entrants", type=int, default=5000, help="entrants of each contest")
    parser.add_argument("--clients", type=int, default=100, help="connections at once")
    parser.add_argument("--reads", type=int, default=1000, help="leaderboard reads a round")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds (after a warm-up)")
    parser.add_argument(
        "--quick", action="store_true", help="a check rather than figures: 300 entrants, 1 round"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the JSON goes")
    args = parser.parse_args()
    if args.quick:
        args.entrants, args.rounds, args.reads = min(args.entrants, 300), 1, min(args.reads, 200)
    if args.entrants < 1 or args.clients < 1 or args.rounds < 1:
        parser.error("--entrants, --clients and --rounds must be at least 1")

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
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from django.db import connection

        from bench.floor import CREATE_TABLE

        with connection.cursor() as cursor:
            cursor.execute(CREATE_TABLE)
        bank = make_bank()
        entrants = make_entrants(args.entrants)
        port = free_port()
        server = start_server(port, args.workers, log)
        wait_until_up(server, port)
        print(
            f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}, "
            f"Python {platform.python_version()}, PostgreSQL {database_version()}"
        )
        print(
            f"server: qualitymonth serve, {args.workers} gunicorn workers; {args.entrants} "
            f"entrants from {args.clients} connections on the same machine"
        )
        # Every entrant has been on the site before the contest (they entered and started
        # their attempt there): one request each, so that no round's floor is anyone's first
        # request (whose session the server has not yet checked for a second factor).
        body = json.dumps({"event": 0}).encode()
        head = "Content-Type: application/json"
        opened = [
            ("/bench/floor/", body, [head, f"Cookie: sessionid={session}"])
            for _u, session in entrants
        ]
        pool(port, opened, args.clients)
        rounds = []
        for number in range(args.rounds + 1):
            # The warm-up needs the workers started, not the whole crowd.
            crowd = entrants if number else entrants[:WARM_UP]
            result = run_round(number, port, bank, crowd, args.clients, args.reads)
            label = "warm-up" if number == 0 else f"round {number}"
            print(
                f"{label:<8} answers/s {result.saved_rate:6.0f} (floor {result.floor.rate:4.0f}, "
                f"anonymous {result.floor_anonymous.rate:4.0f}, "
                f"all in {result.answers.wall:.0f} s)  leaderboard reads/s {result.board:6.0f} "
                f"(floor {result.board_floor:4.0f}), anonymous {result.board_anonymous:6.0f} "
                f"(floor {result.board_anonymous_floor:4.0f})"
            )
            for problem in result.problems:
                print(f"  FAILED {problem}")
            failed = failed or bool(result.problems)
            if number:
                rounds.append(result)
        results = report(rounds, args.entrants, args.clients)
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

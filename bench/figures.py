"""The year in figures over a year of 1,000,000 records, on PostgreSQL, vs hand-written SQL.

`make bench` runs it. It makes a scratch database beside the one in --pg-url, migrates it and:

1. generates in PostgreSQL (`INSERT … SELECT generate_series`) --records records across the
   modules the figures registry counts, most of them in one year (YEAR, a closed year; a
   tenth of the events, cases and enrolments in the year before): events with their venues,
   organising units and registrations (some checked in), activity reports of the year's
   Quality Month, citizen-service cases with their submissions and handling clocks, course
   enrolments of trainees, quality teams with their members, results and claimed benefits,
   the case library, CSR reports with their data sheets, national recommendations and their
   outcomes, and enterprises' honours (figures_data.py, figures_data_quality.py);
2. measures, in each round (the order alternates from round to round; round 0 warms up and
   is not counted):
   - floor: hand-written SQL computing every computed figure of the year and the district
     breakdowns the worker stores beside them, one statement each (figures_sql.py);
   - compute: `figures.services.recompute_year(YEAR)`, what the worker runs (every figure of
     the registry, each stored with its fingerprint and by district);
   - year page: a GET of /figures/YEAR/ once computed (through Django's test client: the
     whole view, its middleware and template, without a network);
   - open-data floor: the same CSVs written by `psql` COPY, each streamed into a ZIP with the
     same compression, plus the same READMEs (figures_open_data.py);
   - open data: `figures.services_open_data.build_open_data()`, what the worker runs nightly
     (the previous export is deleted first, so each round really builds one).

Each figure is printed as the median over the rounds of its time ÷ the floor's time in the
same round, with the spread (lowest–highest), and written to var/bench/figures.json. Every
round also checks that the platform's numbers are the hand SQL's: each stored figure and
district value, each number on the year page (figures_checks.py), and each CSV's rows and
column sums; the bench exits non-zero when one differs, and prints "skipped" when PostgreSQL
cannot be reached.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

# The bench's parts, beside this script (run as `python bench/figures.py`, bench/ is on the path).
from figures_checks import RATE, check_figures, check_page, compare, page_numbers
from figures_data import COURSES, YEAR, build_frame, generate, plan
from figures_open_data import build_export, check_open_data, copy_floor, summarise_csv
from figures_sql import HAND_DISTRICTS, HAND_FIGURES, hand_figures
from scratch import prepare, recreate_database

# Names the bench's tests (tests/test_bench_figures.py) and readers use from this module.
__all__ = [
    "COURSES",
    "HAND_DISTRICTS",
    "HAND_FIGURES",
    "RATE",
    "YEAR",
    "compare",
    "main",
    "page_numbers",
    "plan",
    "summarise_csv",
]

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "qualitymonth_bench_figures"
OUTPUT = ROOT / "var" / "bench" / "figures.json"


# --- Rounds and report ------------------------------------------------------------------------


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def year_page(client) -> tuple[float, str]:
    started = time.perf_counter()
    response = client.get(f"/figures/{YEAR}/")
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"the year page answered {response.status_code}")
    return seconds, response.content.decode()


def ratio_line(label: str, times: list[float], floors: list[float]) -> tuple[float, list]:
    ratios = [t / f for t, f in zip(times, floors, strict=True)]
    median = statistics.median(ratios)
    print(
        f"{label:<34}{statistics.median(times):>9.3f} s  {median:6.2f}× the floor "
        f"({min(ratios):.2f}–{max(ratios):.2f})"
    )
    return median, ratios


def figure(name: str, ratios: list[float], note: str) -> dict:
    return {
        "name": name,
        "ratio": round(statistics.median(ratios), 3),
        "spread": round(max(ratios) - min(ratios), 3),
        "unit": "time",
        "note": note,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL server to use; the bench makes its own database there (--database)",
    )
    parser.add_argument(
        "--database",
        default=BENCH_DB,
        help=f"the scratch database's name (default {BENCH_DB}; dropped and made again)",
    )
    parser.add_argument("--records", type=int, default=1_000_000, help="generated records")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds (after a warm-up)")
    parser.add_argument("--keep", action="store_true", help="leave the database for a look")
    parser.add_argument("--quick", action="store_true", help="10,000 records, one round (a check)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the JSON goes")
    args = parser.parse_args()
    if args.quick:
        args.records, args.rounds = 10_000, 1
    if args.rounds < 1 or args.records < 1000:
        parser.error("--rounds must be at least 1 and --records at least 1,000")

    workdir = prepare(args.pg_url, args.database, PYTHONPATH=str(ROOT))
    if workdir is None:
        return 0
    sys.path.insert(0, str(ROOT))
    (Path(workdir.name) / "static").mkdir()  # nothing is collected: the page needs none
    problems: list[str] = []
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        from surveys import database_version

        from qualitymonth.figures.services import publish_year, recompute_year

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        call_command("migrate", verbosity=0)
        print(
            f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}, "
            f"Python {platform.python_version()}, PostgreSQL {database_version()}"
        )
        started = time.perf_counter()
        counts = plan(args.records)
        written = generate(counts, build_frame())
        print(
            f"{written:,} records generated in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{table} {n:,}" for table, n in counts.items()),
            flush=True,
        )
        # The year is computed and published once, so that the download has its figures.
        recompute_year(YEAR)
        publish_year(actor=None, year=YEAR)
        directory = Path(workdir.name)
        client = Client()
        times: dict[str, list[float]] = {k: [] for k in ("floor", "compute", "page", "zipf", "zip")}
        sizes = {}
        for number in range(args.rounds + 1):
            label = "warm-up" if number == 0 else f"round {number}"
            steps = {
                "floor": lambda: timed(hand_figures, YEAR),
                "compute": lambda: timed(recompute_year, YEAR),
                "page": lambda: year_page(client),
                "zipf": lambda: (lambda r: (r["seconds"], r))(copy_floor(directory)),
                "zip": lambda: (lambda r: (r["seconds"], r))(build_export(directory)),
            }
            order = list(steps) if number % 2 == 0 else list(reversed(steps))
            measured, results = {}, {}
            for kind in order:
                measured[kind], results[kind] = steps[kind]()
            hand = results["floor"]
            round_problems = check_figures(YEAR, hand)
            round_problems += check_page(results["page"], YEAR, hand[0])
            round_problems += check_open_data(
                results["zip"]["datasets"], results["zipf"]["datasets"]
            )
            problems += [f"{label}: {p}" for p in round_problems]
            sizes = {"zip": results["zip"]["bytes"], "zipf": results["zipf"]["bytes"]}
            print(
                f"{label:<8} hand SQL {measured['floor']:.3f} s, recompute_year "
                f"{measured['compute']:.3f} s, year page {measured['page'] * 1000:.0f} ms; "
                f"COPY floor {measured['zipf']:.2f} s, build_open_data {measured['zip']:.2f} s"
                + ("" if not round_problems else f"; {len(round_problems)} numbers differ"),
                flush=True,
            )
            if number:
                for kind, seconds in measured.items():
                    times[kind].append(seconds)

        records = f"{args.records:,} records"
        print(
            f"\nmedian of {args.rounds} rounds; ratio = time / the floor's time (lower is better)"
        )
        _m, compute = ratio_line("recompute_year / hand SQL", times["compute"], times["floor"])
        _m, page = ratio_line("year page GET / hand SQL", times["page"], times["floor"])
        _m, zipped = ratio_line("build_open_data / psql COPY + zip", times["zip"], times["zipf"])
        floor_s = statistics.median(times["floor"])
        results = [
            figure(
                f"year's figures computed (recompute_year), {records}",
                compute,
                f"{statistics.median(times['compute']):.2f} s against {floor_s:.2f} s of "
                "hand-written SQL for the same numbers",
            ),
            figure(
                f"year page GET once computed, {records}",
                page,
                f"{statistics.median(times['page']) * 1000:.0f} ms against {floor_s:.2f} s of "
                "hand-written SQL computing its numbers",
            ),
            figure(
                f"open-data ZIP (build_open_data), {records}",
                zipped,
                f"{statistics.median(times['zip']):.2f} s against "
                f"{statistics.median(times['zipf']):.2f} s of psql COPY of the same CSVs into "
                f"a ZIP; {sizes['zip'] / 1e6:.1f} MB",
            ),
        ]
        if not problems:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
            print(f"every number equals the hand SQL's; written to {args.output}")
        for problem in problems:
            print(f"FAILED {problem}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            recreate_database(args.pg_url, args.database, create=False)
        workdir.cleanup()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

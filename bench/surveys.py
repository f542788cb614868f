"""Survey indices and the wide CSV export on a city-sized round, on PostgreSQL.

`make bench` runs it after bench/run.py. It makes a scratch database beside the one in
--pg-url, migrates it and:

1. builds, through the platform's models and services, an evaluation of 16 districts,
   214 streets, 45 industries and --sites sites; an indicator system of 4 dimensions →
   10 indicators → 40 items (all on a 1–5 scale, some lower-is-better, hand weights and
   equal weights mixed); an XLSForm checklist of 40 integer questions, one per item;
2. generates in PostgreSQL (`INSERT … SELECT generate_series`) the answers of two rounds:
   - the index round: --answers answers, each response a site visit answering all 40
     questions (10,000,000 answers = 250,000 responses, 5 visits per site), values 1–5
     around a level per site (district, industry and the site's own) so ranks mean
     something;
   - the export round: --export-responses responses to a 10-question form, 10 answers each
     (1,000,000 responses = 10,000,000 answers): the CSV really has that many rows;
   the answer table's indexes and foreign-key checks are set aside while loading and the
   indexes rebuilt after (the rows are consistent by construction), but the answers are
   tallied per site and question and written into their responses' cells by the app's own
   triggers as they are inserted; then
   VACUUM ANALYZE;
3. measures, alternately and --repeats times each, every measurement in a fresh Python
   process so that its peak RSS (getrusage's ru_maxrss) is its own:
   - floor: one hand-written `SELECT site_id, AVG(value) … GROUP BY site_id` fetched;
   - compute_index: stored answers → stored ranked results, end to end (the round's
     answers_revision is bumped before each, as a new answer would, so it really computes);
     the run must hold one result per site, 214 streets, 16 districts ranked 1…16,
     45 industries and the city;
   - export floor: `COPY (SELECT response_id, question_id, value …) TO STDOUT WITH CSV` of
     the export round's answers at `psql` speed (psql's COPY into a pipe read in blocks);
   - export: every chunk of `qualitymonth.surveys.exports.stream_csv(round_)`, one row per
     response (measured only once that module exists).

Figures are printed beside their floor, as ratios (the median over the repeats of time ÷ the
floor's time in the same repeat, with the spread; goal: at most 1.5×), and written to
var/bench/surveys.json; absolute numbers depend on the machine, the ratios much less. Peak
RSS is the client's: PostgreSQL's own memory is not counted. Exits non-zero when a result is
wrong; prints "skipped" when PostgreSQL cannot be reached.
"""

import argparse
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from scratch import prepare, recreate_database  # bench/scratch.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "qualitymonth_bench_surveys"
YEAR = 2026  # the index round; the export round is the year after
DISTRICTS, STREETS, INDUSTRIES = 16, 214, 45
ITEMS_PER_RESPONSE, EXPORT_QUESTIONS = 40, 10
GOAL = 1.5  # at most this many times the floor's time
OUTPUT = ROOT / "var" / "bench" / "surveys.json"

# The indicator system, by dimension: its weight, then its indicators, each with its weight
# (None: the dimension weights its indicators equally) and its four items' weights (None:
# equal weights). Every fourth item is lower-is-better.
SYSTEM = {
    "D1": ("0.30", [("0.6", None), ("0.4", ("0.4", "0.3", "0.2", "0.1"))]),
    "D2": ("0.30", [(None, ("0.25", "0.25", "0.25", "0.25")), (None, None), (None, None)]),
    "D3": ("0.25", [("0.5", None), ("0.5", ("0.4", "0.3", "0.2", "0.1"))]),
    "D4": ("0.15", [(None, None), (None, None), (None, ("0.1", "0.2", "0.3", "0.4"))]),
}


# --- The scratch database -----------------------------------------------------------------


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# --- The frame, the indicator system and the form, through the platform's code ------------


def xlsform_upload(questions: list[tuple[str, str]], title: str):
    """An XLSForm of integer questions 1–5, each scoring the item named beside it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(
        ["type", "name", "label", "required", "constraint", "constraint_message", "indicator"]
    )
    for name, item in questions:
        sheet.append(["integer", name, f"评分 {item}", "yes", ". >= 1 and . <= 5", "1到5分", item])
    settings = book.create_sheet("settings")
    settings.append(["form_title"])
    settings.append([title])
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("checklist.xlsx", output.getvalue())


def build_system(evaluation) -> tuple[object, list[str]]:
    """SYSTEM as nodes: 4 dimensions → 10 indicators → 40 items, all answered 1–5."""
    from qualitymonth.surveys.models import Direction, IndicatorSystem, Level, Node, Weighting

    def weighting(weights) -> str:
        return Weighting.EQUAL if weights is None else Weighting.MANUAL

    system = IndicatorSystem.objects.create(
        evaluation=evaluation, version=1, weighting=Weighting.MANUAL
    )
    items: list[str] = []
    for d, (code, (weight, indicators)) in enumerate(SYSTEM.items(), start=1):
        dimension = Node.objects.create(
            system=system,
            level=Level.DIMENSION,
            code=code,
            name=f"维度{d}",
            weight=Decimal(weight),
            weighting=weighting(indicators[0][0]),
            position=d,
        )
        for i, (indicator_weight, item_weights) in enumerate(indicators, start=1):
            indicator = Node.objects.create(
                system=system,
                parent=dimension,
                level=Level.INDICATOR,
                code=f"{code}.{i}",
                name=f"指标{code}.{i}",
                weight=Decimal(indicator_weight or 0),
                position=i,
                weighting=weighting(item_weights),
            )
            for j in range(4):
                items.append(f"{code}.{i}.{j + 1}")
                Node.objects.create(
                    system=system,
                    parent=indicator,
                    level=Level.ITEM,
                    code=items[-1],
                    name=f"测评项{items[-1]}",
                    position=len(items),
                    weight=Decimal(item_weights[j] if item_weights else 0),
                    direction=Direction.LOWER if len(items) % 4 == 3 else Direction.HIGHER,
                    scale_min=1,
                    scale_max=5,
                )
    return system, items


def build_frame(sites: int):
    """The evaluation, its districts, streets, industries, sites and forms; its two rounds."""
    from qualitymonth.organizations.models import Unit, UnitKind
    from qualitymonth.surveys.models import (
        Evaluation,
        Industry,
        InstrumentKind,
        Round,
        RoundStatus,
        Site,
        SiteKind,
    )
    from qualitymonth.surveys.services.instruments import create_instrument

    districts = [
        Unit.objects.create(kind=UnitKind.DISTRICT, key=f"district-{n}", name=f"第{n}区")
        for n in range(1, DISTRICTS + 1)
    ]
    streets = []
    for n in range(STREETS):
        district = districts[n % DISTRICTS]
        streets.append(
            Unit.objects.create(
                kind=UnitKind.STREET,
                key=f"street-{n + 1}",
                name=f"{district.name}第{n + 1}街道",
                parent=district,
                district=district,
            )
        )
    industries = Industry.objects.bulk_create(
        Industry(key=f"industry-{n}", name=f"行业{n}") for n in range(1, INDUSTRIES + 1)
    )
    evaluation = Evaluation.objects.create(key="civility-bench", name="城市文明指数测评")
    Site.objects.bulk_create(
        (
            Site(
                evaluation=evaluation,
                code=f"S{n:06d}",
                kind=SiteKind.SITE,
                name=f"点位{n}",
                district_id=streets[n % STREETS].district_id,
                street=streets[n % STREETS],
                # Not in step with the streets, so that every industry is in most districts.
                industry=industries[(n * 7 + n // STREETS) % INDUSTRIES],
            )
            for n in range(sites)
        ),
        batch_size=5000,
    )
    system, items = build_system(evaluation)
    rounds = []
    for year, count in ((YEAR, ITEMS_PER_RESPONSE), (YEAR + 1, EXPORT_QUESTIONS)):
        instrument = create_instrument(
            evaluation=evaluation,
            kind=InstrumentKind.CHECKLIST,
            title=f"窗口检查表 {count} 题",
            upload=xlsform_upload(
                [(f"q{n:02d}", item) for n, item in enumerate(items[:count], 1)],
                f"checklist-{count}",
            ),
            actor=None,
        )
        rounds.append(
            Round.objects.create(
                evaluation=evaluation,
                year=year,
                system=system,
                instrument=instrument,
                status=RoundStatus.COLLECTING,
            )
        )
    return rounds


# --- Responses and answers, generated in PostgreSQL ----------------------------------------

# Each site's level: its district's and its industry's (fixed, from their ids: districts are
# at least 0.1 apart, so they rank without ties) and its own (random), around 3 on the 1–5
# scale. bench_site numbers the sites 0…N−1.
SITES_SQL = [
    """
    CREATE UNLOGGED TABLE bench_site AS
    SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id AS site_id, district_id,
        street_id, industry_id,
        3.0 + (district_id * 37 %% 17 - 8) * 0.1 + (industry_id * 11 %% 9 - 4) * 0.08
            + (random() - 0.5) * 1.6 AS level
    FROM surveys_site WHERE evaluation_id = %(evaluation)s
    """,
    "CREATE UNIQUE INDEX ON bench_site (n)",
    "CREATE UNIQUE INDEX ON bench_site (site_id)",
    # Each question: its item's direction (sign −1: lower is better) and a bias of its own.
    """
    CREATE UNLOGGED TABLE bench_question AS
    SELECT q.id AS question_id, q.instrument_id, q.position,
        CASE WHEN i.direction = 'lower' THEN -1 ELSE 1 END AS sign,
        (q.position * 13 %% 7 - 3) * 0.1 AS bias
    FROM surveys_question q
    JOIN surveys_node i ON i.system_id = %(system)s AND i.code = q.indicator_code
    """,
]
# Visit g goes to site g mod N; a month of visits, in order.
RESPONSES_SQL = """
    INSERT INTO surveys_response (round_id, client_id, site_id, district_id, street_id,
        industry_id, source, submitted_at, void_reason, is_demo)
    SELECT %(round)s, gen_random_uuid(), s.site_id, s.district_id, s.street_id, s.industry_id,
        'web', timestamptz '2026-05-01 09:00+08' + make_interval(secs => g * 2592000.0 / %(n)s),
        '', false
    FROM generate_series(0, %(n)s - 1) AS g JOIN bench_site s ON s.n = g %% %(sites)s
    ORDER BY g
"""
# Every question of the form for every response, as the app writes them (a response's answers
# together, with its round and site): an integer 1–5 around the site's level, plus the
# question's bias, plus noise; mirrored around 3 where lower is better.
ANSWERS_SQL = """
    INSERT INTO surveys_answer (response_id, round_id, site_id, question_id, value, text)
    SELECT r.id, r.round_id, r.site_id, q.question_id,
        3 + q.sign * (least(5, greatest(1, round(
            s.level + q.bias + (random() + random() + random() - 1.5) * 1.1))) - 3),
        ''
    FROM surveys_response r
    JOIN bench_site s ON s.site_id = r.site_id
    CROSS JOIN bench_question q
    WHERE r.round_id = %(round)s AND q.instrument_id = %(instrument)s
    ORDER BY r.id, q.position
"""


# The app's triggers on stored answers, which fire while loading as they do for the app's own.
TRIGGERS = ("surveys_answer_tally_insert", "surveys_answer_cells_insert")


def generate_answers(index_round, export_round, answers: int, export_responses: int) -> None:
    from django.db import connection, transaction

    from qualitymonth.surveys.models import Site

    plan = [(index_round, answers // ITEMS_PER_RESPONSE), (export_round, export_responses)]
    sites = Site.objects.filter(evaluation=index_round.evaluation_id).count()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET work_mem = '1GB'")
        cursor.execute("SELECT setseed(0.2026)")  # the same answers on every run
        for statement in SITES_SQL:
            cursor.execute(
                statement,
                {"evaluation": index_round.evaluation_id, "system": index_round.system_id},
            )
        cursor.execute(
            "SELECT indexdef, indexname FROM pg_indexes "
            "WHERE tablename = 'surveys_answer' AND indexname NOT LIKE '%%_pkey'"
        )
        indexes = cursor.fetchall()
        with transaction.atomic():
            # Loading without the secondary indexes and the foreign-key triggers (the rows are
            # consistent by construction), then building the indexes once, is several times
            # faster than inserting 20 million rows into the indexed table.
            cursor.execute("SET LOCAL session_replication_role = replica")
            # …but the answers are tallied and written into their responses' cells as the
            # app's are: those triggers fire anyway, once for each round's statement.
            for trigger in TRIGGERS:
                cursor.execute(f"ALTER TABLE surveys_answer ENABLE ALWAYS TRIGGER {trigger}")
            for _definition, name in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            for round_, responses in plan:
                started = time.perf_counter()
                params = {"round": round_.pk, "n": responses, "sites": sites}
                cursor.execute(RESPONSES_SQL, params)
                cursor.execute(ANSWERS_SQL, {**params, "instrument": round_.instrument_id})
                inserted = cursor.rowcount
                # The app bumps it on every response stored.
                cursor.execute(
                    "UPDATE surveys_round SET answers_revision = %s WHERE id = %s",
                    [responses, round_.pk],
                )
                print(
                    f"  round {round_.year}: {responses:,} responses, {inserted:,} answers "
                    f"in {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
            for trigger in TRIGGERS:
                cursor.execute(f"ALTER TABLE surveys_answer ENABLE TRIGGER {trigger}")
            started = time.perf_counter()
            for definition, _name in indexes:
                cursor.execute(definition)
            print(f"  answer indexes rebuilt in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        print(f"  VACUUM ANALYZE in {time.perf_counter() - started:.0f} s", flush=True)


def count_answers(round_) -> int:
    from qualitymonth.surveys.models import Answer

    return Answer.objects.filter(round=round_).count()


# --- One measurement, in its own process ----------------------------------------------------


def measure(kind: str, round_id: int) -> dict:
    """Run one measurement here; its wall time, peak RSS and what it produced."""
    import django

    django.setup()
    from django.db import connection

    from qualitymonth.surveys.models import IndexResult, Round, RunLevel
    from qualitymonth.surveys.services.indices import compute_index

    try:
        from qualitymonth.surveys.exports import stream_csv
    except ImportError:
        stream_csv = None

    round_ = Round.objects.get(pk=round_id)
    connection.ensure_connection()
    result: dict = {}
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if kind == "floor":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT site_id, AVG(value) FROM surveys_answer WHERE round_id = %s "
                "GROUP BY site_id",
                [round_id],
            )
            result["rows"] = len(cursor.fetchall())
    elif kind == "index":
        run = compute_index(round_=round_, actor=None)
        result["run"] = run.pk
    elif kind == "export-floor":
        result.update(copy_floor(round_id))
    elif kind == "export":
        size = lines = 0
        head = b""
        for chunk in stream_csv(round_):
            chunk = bytes(chunk)  # what Django's StreamingHttpResponse does with each one
            size += len(chunk)
            lines += chunk.count(b"\n")
            if len(head) < 4096:
                head += chunk[:4096]
        result.update(bytes=size, lines=lines, header=head.split(b"\n", 1)[0].decode()[:300])
    result["seconds"] = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    result.update(peak_mb=peak / 1024, grown_mb=(peak - baseline) / 1024)
    if kind == "index":
        # Checked after the clock: what the run stored, counted in the database.
        levels = {}
        for level in RunLevel:
            ranks = list(
                IndexResult.objects.filter(run_id=run.pk, level=level)
                .order_by("rank")
                .values_list("rank", flat=True)
            )
            levels[level.value] = {"count": len(ranks), "ranks": ranks[: DISTRICTS + 1]}
        result["levels"] = levels
    return result


COPY_FLOOR = (
    "COPY (SELECT response_id, question_id, value FROM surveys_answer WHERE round_id = {round}) "
    "TO STDOUT WITH CSV"
)
BLOCK = 1 << 20


def copy_floor(round_id: int) -> dict:
    """The export round's answers as CSV at `psql` speed: psql's own COPY loop (C, one row at
    a time, as libpq hands them over) writes into a pipe this process reads in 1 MiB blocks.
    psycopg would hand each row to Python, which costs more than the rows themselves. Without
    psql, psycopg's COPY it is (slower: the export then looks better than it is)."""
    from django.db import connection

    statement = COPY_FLOOR.format(round=int(round_id))
    size = lines = 0
    psql = shutil.which("psql")
    if psql is None:
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in copy:
                size += len(row)
                lines += bytes(row).count(b"\n")
        return {"bytes": size, "lines": lines, "floor": "psycopg COPY (no psql)"}
    url = os.environ["DATABASE_URL"]
    command = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", statement]
    with subprocess.Popen(command, stdout=subprocess.PIPE) as process:
        while block := process.stdout.read(BLOCK):
            size += len(block)
            lines += block.count(b"\n")
    if process.returncode:
        raise RuntimeError(f"psql exited with {process.returncode}")
    return {"bytes": size, "lines": lines, "floor": "psql COPY"}


def in_subprocess(kind: str, round_id: int) -> dict:
    command = [sys.executable, __file__, "--measure", kind, "--round", str(round_id)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"measuring {kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Checks and report ----------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    floor_name: str
    label: str = ""  # in var/bench/surveys.json and the README's table
    floor_label: str = ""
    runs: list[dict] = field(default_factory=list)
    floors: list[dict] = field(default_factory=list)


def check_index(result: dict, sites: int) -> list[str]:
    levels = result["levels"]
    expected = {"site": sites, "street": STREETS, "district": DISTRICTS}
    expected |= {"industry": INDUSTRIES, "city": 1}
    problems = [
        f"{levels[level]['count']} {level} results, expected {count}"
        for level, count in expected.items()
        if levels[level]["count"] != count
    ]
    if levels["district"]["ranks"] != list(range(1, DISTRICTS + 1)):
        problems.append(f"district ranks {levels['district']['ranks']}, expected 1…{DISTRICTS}")
    return problems


def check_floors(floor: dict, copy: dict, sites: int, responses: int) -> list[str]:
    problems = []
    if floor["rows"] != sites:
        problems.append(f"the GROUP BY floor gave {floor['rows']} rows for {sites} sites")
    if copy["lines"] != responses * EXPORT_QUESTIONS:
        problems.append(f"the COPY floor gave {copy['lines']} lines")
    return problems


def check_export(result: dict, responses: int) -> list[str]:
    # One row per response, and a header.
    if result["lines"] != responses + 1:
        return [f"the export has {result['lines']} lines for {responses} responses"]
    return []


def report(figures: list[Figure]) -> list[dict]:
    """Print each figure beside its floor; the ratio is the median over the repeats of the
    figure's time ÷ its floor's in the same repeat, with the spread (lowest–highest)."""
    print(
        f"\n{'figure':<24}{'best s':>9}{'median s':>10}{'peak RSS MB':>13}{'(+ grown)':>11}"
        f"   ratio (spread)"
    )
    results = []
    for figure in figures:
        for name, runs in ((figure.floor_name, figure.floors), (figure.name, figure.runs)):
            if not runs:
                continue
            seconds = [r["seconds"] for r in runs]
            peak = max(r["peak_mb"] for r in runs)
            grown = max(r["grown_mb"] for r in runs)
            line = f"{name:<24}{min(seconds):>9.2f}{statistics.median(seconds):>10.2f}"
            line += f"{peak:>13.0f}{f'(+{grown:.0f})':>11}"
            if runs is figure.runs:
                ratios = [
                    r["seconds"] / f["seconds"]
                    for r, f in zip(figure.runs, figure.floors, strict=False)
                ]
                ratio = statistics.median(ratios)
                verdict = "goal met" if ratio <= GOAL else "goal missed"
                line += (
                    f"   {ratio:.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) floor: "
                    f"{verdict} (≤ {GOAL:g}×)"
                )
                results.append(
                    {
                        "name": figure.label,
                        "ratio": round(ratio, 3),
                        "spread": round(max(ratios) - min(ratios), 3),
                        "unit": "time",
                        "goal": f"≤ {GOAL:g}×",
                        "note": f"{statistics.median(seconds):.2f} s against "
                        f"{statistics.median(f['seconds'] for f in figure.floors):.2f} s "
                        f"({figure.floor_label}); peak RSS {peak:.0f} MB",
                    }
                )
            else:
                line += "   floor"
            print(line)
    print(
        "peak RSS: the client process's high-water mark (ru_maxrss), in a fresh process per "
        "measurement; (+ grown) is how much it rose during the measurement"
    )
    return results


# --- Main -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL server to use; the bench makes its own database there",
    )
    parser.add_argument(
        "--database",
        default=BENCH_DB,
        help=f"the scratch database's name (default {BENCH_DB}; dropped and made again)",
    )
    parser.add_argument("--sites", type=int, default=50_000, help="sites in the frame")
    parser.add_argument(
        "--answers", type=int, default=10_000_000, help="answers of the index round (40 a visit)"
    )
    parser.add_argument(
        "--export-responses",
        type=int,
        default=1_000_000,
        help="responses of the export round (10 answers each)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="measurements of each figure")
    parser.add_argument("--keep", action="store_true", help="leave the database for a look")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a check rather than figures: 5,000 sites, 1 M answers, 100,000 responses, 1 repeat",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the JSON goes")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    if args.measure:
        print(json.dumps(measure(args.measure, args.round)))
        return 0
    if args.quick:
        args.sites, args.answers, args.export_responses, args.repeats = 5000, 1_000_000, 100_000, 1
    if args.sites < STREETS:
        parser.error(f"--sites must give each of the {STREETS} streets a site at least")
    if args.answers < ITEMS_PER_RESPONSE * args.sites:
        parser.error("--answers must give every site at least one visit of 40 answers")
    if args.export_responses < 1 or args.repeats < 1:
        parser.error("--export-responses and --repeats must be at least 1")

    workdir = prepare(args.pg_url, args.database, PYTHONPATH=str(ROOT))
    if workdir is None:
        return 0
    problems: list[str] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(
            f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}, "
            f"Python {platform.python_version()}, PostgreSQL {database_version()}"
        )
        started = time.perf_counter()
        index_round, export_round = build_frame(args.sites)
        print(
            f"frame: {DISTRICTS} districts, {STREETS} streets, {INDUSTRIES} industries, "
            f"{args.sites:,} sites, 40 items in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        started = time.perf_counter()
        generate_answers(index_round, export_round, args.answers, args.export_responses)
        print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)

        answers = f"{args.answers / 1e6:g} M answers"
        index = Figure(
            "compute_index",
            "floor: GROUP BY site",
            label=f"index over {answers} (compute_index)",
            floor_label="one GROUP BY site_id",
        )
        export = Figure(
            "export: stream_csv",
            "floor: psql COPY",
            label=f"CSV export of {args.export_responses / 1e6:g} M responses",
            floor_label="psql COPY of the answers",
        )
        try:
            import qualitymonth.surveys.exports  # noqa: F401
        except ImportError:
            exporting = False
            print("qualitymonth.surveys.exports does not exist yet: the export is not measured")
        else:
            exporting = True
        from django.db import connection

        for repeat in range(1, args.repeats + 1):
            index.floors.append(in_subprocess("floor", index_round.pk))
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE surveys_round SET answers_revision = answers_revision + 1 "
                    "WHERE id = %s",
                    [index_round.pk],
                )
            run = in_subprocess("index", index_round.pk)
            index.runs.append(run)
            problems += [f"compute_index {repeat}: {p}" for p in check_index(run, args.sites)]
            export.floors.append(in_subprocess("export-floor", export_round.pk))
            problems += [
                f"floors {repeat}: {p}"
                for p in check_floors(
                    index.floors[-1], export.floors[-1], args.sites, args.export_responses
                )
            ]
            line = (
                f"repeat {repeat}: floor {index.floors[-1]['seconds']:.2f} s, compute_index "
                f"{run['seconds']:.2f} s; COPY floor {export.floors[-1]['seconds']:.2f} s "
                f"({export.floors[-1]['bytes'] / 1e6:.0f} MB)"
            )
            if exporting:
                export.runs.append(in_subprocess("export", export_round.pk))
                line += (
                    f", stream_csv {export.runs[-1]['seconds']:.2f} s "
                    f"({export.runs[-1]['bytes'] / 1e6:.0f} MB)"
                )
                problems += [
                    f"export {repeat}: {p}"
                    for p in check_export(export.runs[-1], args.export_responses)
                ]
            print(line, flush=True)

        print(
            f"\nindex round: {args.sites:,} sites, {args.answers // ITEMS_PER_RESPONSE:,} "
            f"responses × {ITEMS_PER_RESPONSE} = {count_answers(index_round):,} answers; "
            f"export round: {args.export_responses:,} responses × {EXPORT_QUESTIONS} = "
            f"{count_answers(export_round):,} answers"
        )
        results = report([index, export])
        if not problems:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
            print(f"written to {args.output}")
        if export.runs:
            print(f"export header: {export.runs[-1]['header']}")
            print(
                f"export size: stream_csv {export.runs[-1]['bytes']:,} bytes, "
                f"COPY floor {export.floors[-1]['bytes']:,} bytes"
            )
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

"""The open-data part of the year-in-figures bench: the floor writes the same CSVs by `psql`
COPY, each streamed into a ZIP with the same compression and READMEs; the platform's build is
`build_open_data()`, what the worker runs nightly. Both ZIPs are summarised by each CSV's rows
and column sums, which must agree."""

import csv
import io
import os
import shutil
import subprocess
import time
import zipfile
from decimal import Decimal
from pathlib import Path

BLOCK = 1 << 20

ON_TIME = """(SELECT DISTINCT ON (year) year, value FROM figures_figurevalue
    WHERE key = 'enquiries.on_time_rate' AND dimension = '' ORDER BY year, frozen DESC)"""
TZ = "Asia/Shanghai"
DATASET_SQL = {
    "events": """
        SELECT e.id, e.kind, e.title, coalesce(s.name, ''), to_char(e.starts_at AT TIME ZONE
            'UTC', 'YYYY-MM-DD"T"HH24:MI:SS+00:00'), to_char(e.ends_at AT TIME ZONE 'UTC',
            'YYYY-MM-DD"T"HH24:MI:SS+00:00'), coalesce(r.registered, 0),
            coalesce(r.checked_in, 0), e.online_viewers
        FROM events_event e LEFT JOIN events_series s ON s.id = e.series_id
        LEFT JOIN (SELECT event_id,
                count(*) FILTER (WHERE status IN ('confirmed', 'pending')) AS registered,
                count(checked_in_at) AS checked_in
            FROM events_registration GROUP BY event_id) r ON r.event_id = e.id
        WHERE e.is_published ORDER BY e.starts_at, e.id""",
    "activity_reports": """
        SELECT a.id, c.year, coalesce(u.name, ''), coalesce(d.name, ''),
            coalesce(k.name, ''), a.kind, a.title, a.starts_on, a.ends_on, a.participants,
            a.online_viewers, a.teams, a.enterprises
        FROM campaigns_activityreport a JOIN campaigns_campaign c ON c.id = a.campaign_id
        LEFT JOIN organizations_unit u ON u.id = a.unit_id
        LEFT JOIN organizations_unit d ON d.id = a.district_id
        LEFT JOIN campaigns_category k ON k.id = a.category_id
        WHERE a.state = 'accepted' ORDER BY c.year, a.starts_on, a.id""",
    "awards": """
        SELECT r.year, p.name, r.title, coalesce(g.name, ''),
            CASE WHEN p.applicant_kind = 'person' THEN '' ELSE a.holder_name END,
            coalesce(u.name, ''), CASE WHEN p.applicant_kind = 'person' THEN '' ELSE a.title END
        FROM awards_application a JOIN awards_round r ON r.id = a.round_id
        JOIN awards_program p ON p.id = r.program_id
        LEFT JOIN awards_grade g ON g.id = a.grade_id
        LEFT JOIN organizations_unit u ON u.id = a.applicant_unit_id
        WHERE a.status = 'awarded' ORDER BY r.year, p.name, g.position, a.id""",
    "standards": """
        SELECT coalesce(s.number, ''), s.title, s.state, s.approved_on, s.implemented_on,
            coalesce((SELECT string_agg(u.name, '；' ORDER BY u.id)
                FROM standards_standard_drafting_units du
                JOIN organizations_unit u ON u.id = du.unit_id WHERE du.standard_id = s.id), '')
        FROM standards_standard s
        WHERE s.state IN ('comment', 'review', 'published', 'revised', 'withdrawn')
        ORDER BY s.number_year, s.number_sequence, s.id""",
    "citizen_services": f"""
        SELECT y, c.kind, k.name, coalesce(d.name, ''), count(*), count(c.closed_at),
            coalesce(trim_scale(o.value)::text, '')
        FROM (SELECT *, extract(year FROM received_at AT TIME ZONE '{TZ}')::int AS y
              FROM enquiries_case) c
        JOIN enquiries_category k ON k.id = c.category_id
        LEFT JOIN organizations_unit d ON d.id = c.district_id
        LEFT JOIN {ON_TIME} o ON o.year = c.y
        GROUP BY y, c.kind, k.name, d.name, o.value ORDER BY y, c.kind, k.name, d.name""",
    "figures": f"""
        SELECT v.year, v.key, n.name, n.unit, trim_scale(v.value), v.version,
            coalesce(to_char(p.published_at AT TIME ZONE '{TZ}', 'YYYY-MM-DD'), '')
        FROM figures_figurevalue v JOIN (VALUES %s) AS n(key, name, unit) ON n.key = v.key
        LEFT JOIN figures_publishedyear p ON p.year = v.year
        WHERE v.frozen AND v.dimension = '' ORDER BY v.year, v.key""",
}
# The columns whose sums are compared (by their position), besides the number of rows.
SUMMED = {
    "events": (6, 7, 8),
    "activity_reports": (9, 10, 11, 12),
    "awards": (),
    "standards": (),
    "citizen_services": (4, 5),
    "figures": (4,),
}


def figure_names_sql() -> str:
    """The public figures' names and units in the platform's language, as a VALUES list
    (the one thing the hand SQL cannot read from the database)."""
    from django.conf import settings
    from django.utils import translation

    from qualitymonth.figures.registry import all_figures

    def quoted(text) -> str:
        return "'" + str(text).replace("'", "''") + "'"

    with translation.override(settings.LANGUAGE_CODE):
        return ", ".join(
            f"({quoted(f.key)}, {quoted(f.name)}, {quoted(f.unit)})"
            for f in all_figures()
            if f.public
        )


def copy_floor(directory: Path) -> dict:
    """Every dataset's CSV written by one `psql` running a COPY for each (C, as libpq hands
    the rows over, into a file), then each streamed into a ZIP with the same compression as
    the platform's, with its header and a README beside it. Returns its time, the ZIP's size
    and {dataset: (rows, column sums)}."""
    from qualitymonth.figures.registry import all_datasets

    psql = shutil.which("psql")
    if psql is None:
        raise SystemExit("the open-data floor needs psql on the PATH")
    names = figure_names_sql()
    datasets = all_datasets()
    started = time.perf_counter()
    script = []
    for dataset in datasets:
        statement = DATASET_SQL[dataset.key]
        if dataset.key == "figures":
            statement = statement % names
        script += [f"\\o {directory / dataset.key}.csv", f"COPY ({statement}) TO STDOUT CSV;"]
    url = os.environ["DATABASE_URL"]
    subprocess.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
        input="\n".join([*script, "\\o"]),
        text=True,
        check=True,
    )
    path = directory / "floor.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", "# Open data\n")
        for dataset in datasets:
            header = ",".join(c.name for c in dataset.columns)
            with (
                archive.open(f"{dataset.key}.csv", "w") as member,
                open(directory / f"{dataset.key}.csv", "rb") as rows,
            ):
                member.write(("\ufeff" + header + "\r\n").encode())
                shutil.copyfileobj(rows, member, BLOCK)
            columns = "\n".join(f"| {c.name} | {c.description} |" for c in dataset.columns)
            archive.writestr(f"{dataset.key}.README.md", f"# {dataset.key}.csv\n\n{columns}\n")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": path.stat().st_size, "datasets": summarise_zip(path)}


def summarise_csv(text: str, summed: tuple[int, ...]) -> tuple[int, list[Decimal]]:
    """(rows after the header, the sums of the `summed` columns; an empty cell counts zero)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    sums = [sum((Decimal(row[i] or 0) for row in rows), Decimal(0)) for i in summed]
    return len(rows), sums


def summarise_zip(path: Path) -> dict[str, tuple[int, list[Decimal]]]:
    found = {}
    with zipfile.ZipFile(path) as archive:
        for key, summed in SUMMED.items():
            name = f"{key}.csv"
            if name in archive.namelist():
                found[key] = summarise_csv(archive.read(name).decode("utf-8"), summed)
    return found


def check_open_data(platform: dict, floor: dict) -> list[str]:
    problems = []
    for key in sorted(set(platform) | set(floor)):
        if platform.get(key) != floor.get(key):
            problems.append(
                f"open data {key}.csv: the platform's (rows, sums) {platform.get(key)}, "
                f"the hand SQL's {floor.get(key)}"
            )
    return problems


def build_export(directory: Path) -> dict:
    """The worker's build, from no previous export (else an unchanged one is kept)."""
    from qualitymonth.figures.models import OpenDataExport
    from qualitymonth.figures.services_open_data import build_open_data

    for old in OpenDataExport.objects.all():
        old.file.delete(save=False)
        old.delete()
    started = time.perf_counter()
    export = build_open_data()
    seconds = time.perf_counter() - started
    path = directory / "platform.zip"
    with export.file.open("rb") as source, open(path, "wb") as target:
        shutil.copyfileobj(source, target)
    return {"seconds": seconds, "bytes": export.size, "datasets": summarise_zip(path)}

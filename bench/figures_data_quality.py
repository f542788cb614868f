"""The quality module's records for the year-in-figures bench, beside figures_data.py's.

What the eleven quality figures read, at the scale of the bench's other modules:

- results of the teams' registrations (two a registration; a tenth of the registrations are
  of the year before) and the benefits they claim: cost, energy and defects, in every unit of
  the claim form (元, 万元, 亿元; tce, 万tce, kWh, 万kWh; 件, and the rates ppm and %), four
  in five confirmed with their evidence, the others not confirmed (half with evidence);
- the case library: cases promoted on a day of the year (a tenth the year before, a tenth the
  year after), half of them from a result;
- CSR reports, one an enterprise a year over CSR_YEARS years (seven in ten published, the
  others checked or only submitted), each with a data sheet of the five indicators in their
  units (and, for one carbon line in ten, a unit the figures do not convert);
- staged programs of the year and the year before, each with its last round, whose entries
  (awarded in the city's round) were recommended to the national body: a national outcome
  each, two in five awarded, one in five not, the others not yet known.

The statements are run by figures_data.generate() inside its transaction, with its
parameters (the counts of figures_data.plan(), YEAR as `year`, UNITS as `units`) and the ids
build_frame() returns; bench_unit (the enterprises numbered from 0) exists while they run.
"""

import datetime

# Years of CSR reports: one report an enterprise a year (the platform allows no more).
CSR_YEARS = 10
INDICATORS = ("carbon", "waste", "energy", "employees", "donations")
STAGED_PROGRAMS = 6  # two in three of the year, the others of the year before
INDUSTRIES = (
    "ARRAY['manufacturing', 'construction', 'transport', 'energy', 'food', 'services', 'other']"
)
METHODS = "ARRAY['qc', 'six_sigma', 'lean', 'excellence', 'five_star', 'other']"

SHARES = {
    "results": 0.01,
    "benefits": 0.03,
    "quality_cases": 0.005,
    "csr_reports": 0.004,
    "csr_figures": 0.02,
    "outcome_applications": 0.002,
    "national_outcomes": 0.002,
}


def plan(counts: dict[str, int], *, units: int) -> None:
    """Adjusts the quality tables' counts in place: one CSR report an enterprise a year, a
    full data sheet each, one application for each national outcome."""
    counts["csr_reports"] = min(counts["csr_reports"], units * CSR_YEARS)
    counts["csr_figures"] = counts["csr_reports"] * len(INDICATORS)
    counts["outcome_applications"] = counts["national_outcomes"]


def build_frame(year: int) -> dict:
    """The secretariat's account (it confirms, checks and applies), and the staged programs,
    each with its recognition program and the round of its last stage."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from qualitymonth.awards.models import Program, Round
    from qualitymonth.quality.models import StagedProgram

    user = get_user_model().objects.create(username="bench-secretariat", display_name="秘书处")
    for n in range(STAGED_PROGRAMS):
        program_year = year if n % 3 else year - 1
        program = Program.objects.create(
            key=f"bench-quality-{n}", code=f"BQ{n}", name=f"质量成果{n}"
        )
        Round.objects.create(
            program=program,
            year=program_year,
            title=f"{program_year}年质量成果{n}市级评审",
            closes_at=timezone.make_aware(datetime.datetime(program_year, 6, 30)),
            status="final",
        )
        StagedProgram.objects.create(
            program=program, year=program_year, title=f"{program_year}年质量成果{n}"
        )
    return {"user": user.pk, "staged_programs": STAGED_PROGRAMS}


GENERATE = [
    "CREATE UNLOGGED TABLE bench_registration AS SELECT (row_number() OVER (ORDER BY id) - 1)::int"
    " AS n, id FROM quality_registration",
    "CREATE UNIQUE INDEX ON bench_registration (n)",
    f"""
    INSERT INTO quality_result (title, method, summary, created_at, is_demo, application_id,
        registration_id)
    SELECT '成果' || g, ({METHODS})[g %% 6 + 1], '', now(), false, NULL, r.id
    FROM generate_series(0, %(results)s - 1) AS g
    JOIN bench_registration r ON r.n = g %% %(team_registrations)s
    """,
    "CREATE UNLOGGED TABLE bench_result AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n,"
    " id FROM quality_result",
    "CREATE UNIQUE INDEX ON bench_result (n)",
    # Twelve kinds of claim in turn: a kind in one of its units, at a scale and with the
    # decimals fitting the unit (whole pieces and kWh); confirmed unless g is a multiple of 5,
    # with evidence when confirmed or when g ends in 5.
    """
    INSERT INTO quality_benefit (kind, value, unit, evidence, evidence_name, confirmed_at,
        confirmed_by_id, result_id)
    SELECT b.kind,
        greatest(round(b.scale * ((g::bigint * 7919) %% 100000 + 1) / 100.0, b.digits),
            power(10.0, -b.digits)),
        b.unit,
        CASE WHEN g %% 5 <> 0 OR g %% 10 = 5 THEN 'quality/benefits/bench-' || g || '.pdf'
            ELSE '' END,
        CASE WHEN g %% 5 <> 0 OR g %% 10 = 5 THEN '证明材料' || g || '.pdf' ELSE '' END,
        CASE WHEN g %% 5 <> 0 THEN now() END, CASE WHEN g %% 5 <> 0 THEN %(user)s END, r.id
    FROM generate_series(0, %(benefits)s - 1) AS g
    JOIN (VALUES (0, 'cost', '元', 100.0, 2), (1, 'cost', '万元', 1.0, 2),
        (2, 'cost', '亿元', 0.001, 2), (3, 'cost', '万元', 0.1, 2), (4, 'energy', 'tce', 1.0, 2),
        (5, 'energy', '万tce', 0.001, 2), (6, 'energy', 'kWh', 1000.0, 0),
        (7, 'energy', '万kWh', 0.1, 2), (8, 'defects', '件', 1.0, 0), (9, 'defects', 'ppm', 1.0, 1),
        (10, 'defects', '%%', 0.01, 2), (11, 'defects', '件', 10.0, 0))
        AS b(n, kind, unit, scale, digits) ON b.n = g %% 12
    JOIN bench_result r ON r.n = g / 3 %% %(results)s
    """,
    f"""
    INSERT INTO quality_case (title, industry, method, summary, benefits, patents, consent_at,
        is_demo, consent_by_id, enterprise_id, result_id, promoted_on)
    SELECT '案例' || g, ({INDUSTRIES})[g %% 7 + 1], ({METHODS})[g %% 6 + 1], '案例摘要', '',
        g %% 4, CASE WHEN r.id IS NOT NULL THEN now() END, false,
        CASE WHEN r.id IS NOT NULL THEN %(user)s END, u.id, r.id,
        date '%(year)s-01-01' + ((g::bigint * 7919) %% 365)::int
            + CASE g %% 10 WHEN 9 THEN -365 WHEN 8 THEN 365 ELSE 0 END
    FROM generate_series(0, %(quality_cases)s - 1) AS g
    JOIN bench_unit u ON u.n = g %% %(units)s
    LEFT JOIN bench_result r ON r.n = g AND g %% 2 = 0
    """,
    # Report g: enterprise g / CSR_YEARS, of the year g %% CSR_YEARS years before YEAR.
    f"""
    INSERT INTO quality_csrreport (year, industry, pdf, pdf_name, status, published_at,
        is_demo, checked_by_id, enterprise_id, check_note, checked_at)
    SELECT %(year)s - g %% {CSR_YEARS}, ({INDUSTRIES})[(g / {CSR_YEARS} + g) %% 7 + 1],
        'quality/csr/bench-' || g || '.pdf', '社会责任报告.pdf', s.status,
        CASE WHEN s.status = 'published' THEN now() END, false,
        CASE WHEN s.status <> 'submitted' THEN %(user)s END, u.id, '',
        CASE WHEN s.status <> 'submitted' THEN now() END
    FROM generate_series(0, %(csr_reports)s - 1) AS g
    JOIN bench_unit u ON u.n = g / {CSR_YEARS}
    JOIN (VALUES (0, 'published'), (1, 'published'), (2, 'checked'), (3, 'published'),
        (4, 'published'), (5, 'submitted'), (6, 'published'), (7, 'published'), (8, 'checked'),
        (9, 'published')) AS s(n, status) ON s.n = (g / {CSR_YEARS} * 3 + g) %% 10
    """,
    # One line an indicator; the unit by the report and the indicator (lo ≤ choice ≤ hi).
    """
    INSERT INTO quality_csrfigure (indicator, value, unit, reference, report_id)
    SELECT i.indicator,
        round(i.scale * ((r.id::bigint * 7919 + i.slot * 104729) %% 100000) / 100.0, 2), i.unit,
        i.reference, r.id
    FROM quality_csrreport r
    JOIN (VALUES (0, 'carbon', 't', 10.0, 0, 5, 'GRI 305-5；GB/T 36001 环境'),
        (0, 'carbon', '万t', 0.01, 6, 8, 'GRI 305-5；GB/T 36001 环境'),
        (0, 'carbon', 'kg', 1000.0, 9, 9, 'GRI 305-5；GB/T 36001 环境'),
        (1, 'waste', 't', 1.0, 0, 6, 'GRI 306-2；GB/T 36001 环境'),
        (1, 'waste', '万t', 0.001, 7, 9, 'GRI 306-2；GB/T 36001 环境'),
        (2, 'energy', 'tce', 10.0, 0, 6, 'GRI 302-4；GB/T 36001 环境'),
        (2, 'energy', '万tce', 0.01, 7, 9, 'GRI 302-4；GB/T 36001 环境'),
        (3, 'employees', '人', 10.0, 0, 9, 'GRI 2-7；GB/T 36001 劳工实践'),
        (4, 'donations', '元', 1000.0, 0, 4, 'GRI 201-1；GB/T 36001 社区参与和发展'),
        (4, 'donations', '万元', 0.1, 5, 9, 'GRI 201-1；GB/T 36001 社区参与和发展'))
        AS i(slot, indicator, unit, scale, lo, hi, reference)
        ON (r.id + i.slot * 3) %% 10 BETWEEN i.lo AND i.hi
    """,
    "CREATE UNLOGGED TABLE bench_staged AS SELECT (row_number() OVER (ORDER BY s.id) - 1)::int"
    " AS n, s.id, o.id AS round_id FROM quality_stagedprogram s"
    " JOIN awards_round o ON o.program_id = s.program_id",
    # The last stage's entries that moved on, awarded in the city's round.
    """
    INSERT INTO awards_application (title, holder_name, answers, status, created_at,
        submitted_at, recommendation_note, withdrawal_reason, is_demo, applicant_unit_id,
        created_by_id, recommending_unit_id, grade_id, round_id)
    SELECT '质量成果' || g, '企业' || u.n || ' QC小组', '{}'::jsonb, 'awarded', now(), now(),
        '', '', false, u.id, %(user)s, NULL, NULL, s.round_id
    FROM generate_series(0, %(outcome_applications)s - 1) AS g
    JOIN bench_unit u ON u.n = g %% %(units)s
    JOIN bench_staged s ON s.n = g %% %(staged_programs)s
    ORDER BY g
    """,
    """
    INSERT INTO quality_nationaloutcome (recommended_at, awarded, grade, recorded_at,
        application_id, program_id)
    SELECT now(), o.awarded, CASE WHEN o.awarded THEN '一等奖' ELSE '' END,
        CASE WHEN o.awarded IS NOT NULL THEN now() END, a.id, s.id
    FROM awards_application a JOIN bench_staged s ON s.round_id = a.round_id
    JOIN (VALUES (0, true), (1, false), (2, NULL::boolean), (3, true), (4, NULL::boolean))
        AS o(n, awarded) ON o.n = a.id %% 5
    WHERE a.created_by_id = %(user)s
    """,
    "DROP TABLE bench_registration, bench_result, bench_staged",
]

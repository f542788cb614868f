"""The floor of the year-in-figures bench: every computed figure of the year, and the district
breakdowns the worker stores beside them, by hand-written SQL, one statement each.

Each statement follows the figure's definition (and its app's tests), never the figure's
code; bench/figures.py times them together against `recompute_year` and compares every
number. A figure added to the registry needs its statement here (the bench names the ones
missing)."""

import datetime
from decimal import Decimal

# A member's term in good standing on the year's last day (or today while the year runs),
# with the days of grace of the status rules (90 and kept rights by default).
COVERING = """t.starts_on <= %(last_day)s
    AND t.ends_on >= %(last_day)s - coalesce((SELECT CASE WHEN rights_in_grace
        THEN grace_days ELSE 0 END FROM members_statusrules ORDER BY id LIMIT 1), 90)
    AND (t.cancelled_on IS NULL OR t.cancelled_on > %(last_day)s)"""

# --- The quality module's figures (qualitymonth/quality/figures.py) --------------------------

# A benefit in its total's unit: 万元 for cost, tonnes of standard coal for energy
# (electricity at 0.1229 kgce per kWh), pieces for defects (the rates ppm and % not added).
BENEFIT_UNITS = """(VALUES ('cost', '元', 0.0001), ('cost', '万元', 1), ('cost', '亿元', 10000),
    ('energy', 'tce', 1), ('energy', '万tce', 10000), ('energy', 'kWh', 0.0001229),
    ('energy', '万kWh', 1.229), ('defects', '件', 1)) AS f(kind, unit, factor)"""


def confirmed_benefits(kind: str) -> str:
    """The year's claims of one kind, counted once confirmed with their evidence, summed in the
    total's unit and rounded to the cent as the figure rounds (half to even, GB/T 8170)."""
    return f"""
        SELECT CASE WHEN mod(x * 100, 1) = 0.5 AND mod(trunc(x * 100), 2) = 0
            THEN trunc(x * 100) / 100 ELSE round(x, 2) END
        FROM (SELECT coalesce(sum(b.value * f.factor), 0) AS x FROM quality_benefit b
            JOIN {BENEFIT_UNITS} ON f.kind = b.kind AND f.unit = b.unit
            JOIN quality_result r ON r.id = b.result_id
            JOIN quality_registration g ON g.id = r.registration_id
            WHERE b.kind = '{kind}' AND b.confirmed_at IS NOT NULL AND b.evidence <> ''
            AND g.year = %(year)s) confirmed"""


# A line of a CSR data sheet in its indicator's base unit (t, tce, 万元).
CSR_UNITS = """(VALUES ('carbon', 't', 1), ('carbon', '万t', 10000), ('waste', 't', 1),
    ('waste', '万t', 10000), ('energy', 'tce', 1), ('energy', '万tce', 10000),
    ('donations', '元', 0.0001), ('donations', '万元', 1)) AS f(indicator, unit, factor)"""


def published_sheets(indicator: str) -> str:
    """One indicator over the data sheets of the year's published CSR reports, to the four
    decimals a stored figure keeps."""
    return f"""
        SELECT round(coalesce(sum(v.value * f.factor), 0), 4) FROM quality_csrfigure v
        JOIN quality_csrreport r ON r.id = v.report_id
        JOIN {CSR_UNITS} ON f.indicator = v.indicator AND f.unit = v.unit
        WHERE r.status = 'published' AND r.year = %(year)s AND v.indicator = '{indicator}'"""


QUALITY_FIGURES = {
    "quality.cost_saved": confirmed_benefits("cost"),
    "quality.energy_saved": confirmed_benefits("energy"),
    "quality.defects_reduced": confirmed_benefits("defects"),
    "quality.national_recommendations": """
        SELECT count(*) FROM quality_nationaloutcome o
        JOIN quality_stagedprogram p ON p.id = o.program_id WHERE p.year = %(year)s""",
    "quality.national_awards": """
        SELECT count(*) FROM quality_nationaloutcome o
        JOIN quality_stagedprogram p ON p.id = o.program_id
        WHERE p.year = %(year)s AND o.awarded""",
    "quality.cases": """
        SELECT count(*) FROM quality_case
        WHERE promoted_on >= %(first_day)s AND promoted_on < %(next_first_day)s""",
    "quality.csr_reports": """
        SELECT count(*) FROM quality_csrreport WHERE status = 'published' AND year = %(year)s""",
    **{
        f"quality.csr_{indicator}": published_sheets(indicator)
        for indicator in ("carbon", "waste", "energy", "donations")
    },
}
# The CSR indicators are broken down by industry, which the worker does not store: no
# district breakdown to compare for the quality figures.

# --- Every computed figure ---------------------------------------------------------------------


# Bounds of the year in the platform's time zone: %(start)s ≤ t < %(end)s.
HAND_FIGURES = {
    "events.held": """
        SELECT count(*) FROM events_event WHERE is_published AND starts_at >= %(start)s
        AND starts_at < %(end)s AND starts_at <= now()""",
    "events.checked_in": """
        SELECT count(*) FROM events_registration r JOIN events_event e ON e.id = r.event_id
        WHERE e.is_published AND e.starts_at >= %(start)s AND e.starts_at < %(end)s
        AND r.checked_in_at IS NOT NULL""",
    "campaigns.activity_reports": """
        SELECT count(*) FROM campaigns_activityreport a
        JOIN campaigns_campaign c ON c.id = a.campaign_id
        WHERE c.year = %(year)s AND a.state = 'accepted'""",
    "enquiries.received": """
        SELECT count(*) FROM enquiries_case WHERE received_at >= %(start)s
        AND received_at < %(end)s""",
    "enquiries.on_time_rate": """
        SELECT coalesce(round(100.0 * count(*) FILTER (WHERE k.stopped_on <= k.due_on)
            / nullif(count(k.stopped_on), 0), 1), 0)
        FROM enquiries_clock k JOIN enquiries_case c ON c.id = k.case_id
        WHERE c.received_at >= %(start)s AND c.received_at < %(end)s""",
    "training.trainees": """
        SELECT count(*) FROM (
            SELECT user_id FROM training_enrolment
            WHERE enrolled_at >= %(start)s AND enrolled_at < %(end)s
            UNION SELECT c.user_id FROM training_classenrolment c
            JOIN events_registration r ON r.id = c.registration_id WHERE r.status = 'confirmed'
            AND c.enrolled_at >= %(start)s AND c.enrolled_at < %(end)s) people""",
    "training.trainee_times": """
        SELECT (SELECT count(*) FROM training_enrolment
                WHERE enrolled_at >= %(start)s AND enrolled_at < %(end)s)
            + (SELECT count(*) FROM training_classenrolment c
               JOIN events_registration r ON r.id = c.registration_id
               WHERE r.status = 'confirmed'
               AND c.enrolled_at >= %(start)s AND c.enrolled_at < %(end)s)""",
    "quality.teams": "SELECT count(*) FROM quality_registration WHERE year = %(year)s",
    "quality.staff": """
        SELECT count(DISTINCT (t.enterprise_id, m.identity)) FROM quality_teammember m
        JOIN quality_registration r ON r.id = m.registration_id
        JOIN quality_team t ON t.id = r.team_id WHERE r.year = %(year)s""",
    "quality.honoured_enterprises": """
        SELECT count(DISTINCT enterprise_id) FROM quality_honour
        WHERE confirmed_at IS NOT NULL AND year = %(year)s""",
    "awards.applications": """
        SELECT count(*) FROM awards_application a JOIN awards_round r ON r.id = a.round_id
        WHERE r.year = %(year)s AND a.status <> 'draft'""",
    "awards.winners": """
        SELECT count(*) FROM awards_application a JOIN awards_round r ON r.id = a.round_id
        WHERE r.year = %(year)s AND a.status = 'awarded'""",
    "standards.published": "SELECT count(*) FROM standards_standard WHERE number_year = %(year)s",
    "standards.comments_received": """
        SELECT count(*) FROM standards_comment
        WHERE created_at >= %(start)s AND created_at < %(end)s""",
    "standards.comments_accepted": """
        SELECT count(*) FROM standards_comment c JOIN standards_answer a ON a.comment_id = c.id
        WHERE c.created_at >= %(start)s AND c.created_at < %(end)s
        AND a.decision IN ('accepted', 'partly')""",
    "standards.adopters": """
        SELECT count(*) FROM standards_adoption
        WHERE declared_on >= %(first_day)s AND declared_on < %(next_first_day)s""",
    "surveys.responses": """
        SELECT count(*) FROM surveys_response r JOIN surveys_round o ON o.id = r.round_id
        WHERE o.year = %(year)s AND r.voided_at IS NULL""",
    "surveys.sites_visited": """
        SELECT count(DISTINCT r.site_id) FROM surveys_response r
        JOIN surveys_round o ON o.id = r.round_id
        WHERE o.year = %(year)s AND r.voided_at IS NULL""",
    "members.units": f"""
        SELECT count(DISTINCT m.unit_id) FROM members_term t
        JOIN organizations_membership m ON m.id = t.membership_id
        JOIN organizations_unit u ON u.id = m.unit_id
        WHERE u.is_active AND {COVERING}""",
    "members.participation_rate": """
        SELECT coalesce((SELECT round(100.0 * participants / nullif(members, 0), 1)
            FROM members_participationrun WHERE year = %(year)s
            ORDER BY computed_at DESC, id DESC LIMIT 1), 0)""",
    **QUALITY_FIGURES,
}
# {district key: number}, as the worker stores beside the city's value.
HAND_DISTRICTS = {
    "members.units": f"""
        SELECT d.key, count(DISTINCT m.unit_id) FROM members_term t
        JOIN organizations_membership m ON m.id = t.membership_id
        JOIN organizations_unit u ON u.id = m.unit_id
        JOIN organizations_unit d ON d.id = u.district_id
        WHERE u.is_active AND {COVERING} GROUP BY d.key""",
    "training.trainees": """
        SELECT d.key, count(DISTINCT e.user_id) FROM training_classenrolment e
        JOIN events_registration r ON r.id = e.registration_id
        JOIN organizations_unit u ON u.id = e.unit_id
        JOIN organizations_unit d ON d.id = u.district_id
        WHERE r.status = 'confirmed' AND e.enrolled_at >= %(start)s
        AND e.enrolled_at < %(end)s GROUP BY d.key""",
    "surveys.responses": """
        SELECT d.key, count(*) FROM surveys_response r JOIN surveys_round o ON o.id = r.round_id
        JOIN organizations_unit d ON d.id = r.district_id
        WHERE o.year = %(year)s AND r.voided_at IS NULL GROUP BY d.key""",
    "events.held": """
        SELECT d, count(DISTINCT event_id) FROM (
            SELECT eu.event_id, CASE WHEN u.kind = 'district' THEN u.key
                ELSE coalesce(located.key, CASE WHEN p.kind = 'district' THEN p.key END) END d
            FROM events_eventunit eu JOIN events_event e ON e.id = eu.event_id
            JOIN organizations_unit u ON u.id = eu.unit_id
            LEFT JOIN organizations_unit located ON located.id = u.district_id
            LEFT JOIN organizations_unit p ON p.id = u.parent_id
            WHERE eu.role IN ('organiser', 'co_organiser') AND e.is_published
            AND e.starts_at >= %(start)s AND e.starts_at < %(end)s AND e.starts_at <= now()
        ) x WHERE d IS NOT NULL GROUP BY d""",
    "campaigns.activity_reports": """
        SELECT d.key, count(*) FROM campaigns_activityreport a
        JOIN campaigns_campaign c ON c.id = a.campaign_id
        JOIN organizations_unit d ON d.id = a.district_id
        WHERE c.year = %(year)s AND a.state = 'accepted' GROUP BY d.key""",
    "enquiries.received": """
        SELECT d.key, count(*) FROM enquiries_case c
        JOIN organizations_unit d ON d.id = c.district_id
        WHERE c.received_at >= %(start)s AND c.received_at < %(end)s GROUP BY d.key""",
}


def year_params(year: int) -> dict:
    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    return {
        "year": year,
        "start": start,
        "end": end,
        "first_day": datetime.date(year, 1, 1),
        "next_first_day": datetime.date(year + 1, 1, 1),
        "last_day": min(datetime.date(year, 12, 31), timezone.localdate()),
    }


def hand_figures(year: int) -> tuple[dict[str, Decimal], dict[str, dict[str, Decimal]]]:
    """(figure key → number, figure key → {district key → number}) by hand-written SQL."""
    from django.db import connection

    params = year_params(year)
    figures, districts = {}, {}
    with connection.cursor() as cursor:
        for key, statement in HAND_FIGURES.items():
            cursor.execute(statement, params)
            figures[key] = Decimal(str(cursor.fetchone()[0]))
        for key, statement in HAND_DISTRICTS.items():
            cursor.execute(statement, params)
            districts[key] = {d: Decimal(n) for d, n in cursor.fetchall()}
    return figures, districts

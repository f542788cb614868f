"""The year in figures over a year of 1,000,000 records, on PostgreSQL, vs hand-written SQL.

`make bench` runs it. It makes a scratch database beside the one in --pg-url, migrates it and:

1. generates in PostgreSQL (`INSERT … SELECT generate_series`) --records records across the
   modules the figures registry counts, most of them in one year (YEAR, a closed year; a
   tenth of the events, cases and enrolments in the year before): events with their venues,
   organising units and registrations (some checked in), activity reports of the year's
   Quality Month, citizen-service cases with their submissions and handling clocks, course
   enrolments of trainees, quality teams with their members, and enterprises' honours;
2. measures, in each round (the order alternates from round to round; round 0 warms up and
   is not counted):
   - floor: hand-written SQL computing every computed figure of the year and the three
     district breakdowns the worker stores beside them, one statement each;
   - compute: `figures.services.recompute_year(YEAR)`, what the worker runs (every figure of
     the registry, each stored with its fingerprint and by district);
   - year page: a GET of /figures/YEAR/ once computed (through Django's test client: the
     whole view, its middleware and template, without a network);
   - open-data floor: the same CSVs written by `psql` COPY, each streamed into a ZIP with the
     same compression, plus the same READMEs;
   - open data: `figures.services_open_data.build_open_data()`, what the worker runs nightly
     (the previous export is deleted first, so each round really builds one).

Each figure is printed as the median over the rounds of its time ÷ the floor's time in the
same round, with the spread (lowest–highest), and written to var/bench/figures.json. Every
round also checks that the platform's numbers are the hand SQL's: each stored figure and
district value, each number on the year page, and each CSV's rows and column sums; the bench
exits non-zero when one differs, and prints "skipped" when PostgreSQL cannot be reached.
"""

import argparse
import csv
import datetime
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

from scratch import prepare, recreate_database  # bench/scratch.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "qualitymonth_bench_figures"
OUTPUT = ROOT / "var" / "bench" / "figures.json"
YEAR = 2025
DISTRICTS, UNITS, CATEGORIES, COURSES = 16, 400, 8, 10
BLOCK = 1 << 20

# Each table's share of the records (they add up to 1).
SHARES = {
    "events": 0.02,
    "venues": 0.02,
    "event_units": 0.02,
    "registrations": 0.355,
    "activity_reports": 0.15,
    "submissions": 0.10,
    "cases": 0.10,
    "clocks": 0.10,
    "users": 0.01,
    "enrolments": 0.08,
    "teams": 0.005,
    "team_registrations": 0.005,
    "team_members": 0.025,
    "honours": 0.008,
}


def plan(records: int) -> dict[str, int]:
    """How many rows each table gets for `records` records in all (at least a few each)."""
    counts = {table: max(4, round(records * share)) for table, share in SHARES.items()}
    # Each user enrols in each course at most once.
    counts["enrolments"] = min(counts["enrolments"], counts["users"] * COURSES)
    counts["venues"] = counts["event_units"] = counts["events"]
    counts["submissions"] = counts["clocks"] = counts["cases"]
    counts["team_registrations"] = counts["teams"]
    return counts


# --- The frame, through the platform's models ---------------------------------------------


def build_frame() -> dict:
    """Districts, units (half located in a district, a quarter under one as parent), the
    year's campaign with its categories, a case category and the courses."""
    from qualitymonth.campaigns.models import Campaign, Category
    from qualitymonth.enquiries.models import Category as CaseCategory
    from qualitymonth.members.models import MembershipType
    from qualitymonth.organizations.models import Unit, UnitKind
    from qualitymonth.training.models import Course

    districts = [
        Unit.objects.create(kind=UnitKind.DISTRICT, key=f"district-{n}", name=f"第{n}区")
        for n in range(1, DISTRICTS + 1)
    ]
    units = []
    for n in range(UNITS):
        district = districts[n % DISTRICTS]
        units.append(
            Unit(
                kind=UnitKind.ENTERPRISE,
                key=f"unit-{n}",
                name=f"企业{n}",
                district=district if n % 4 < 2 else None,
                parent=district if n % 4 == 2 else None,
            )
        )
    Unit.objects.bulk_create(units)
    Unit.objects.create(kind=UnitKind.ASSOCIATION, key="association", name="质量协会")
    MembershipType.objects.get_or_create(
        key="member", defaults={"name": "会员单位", "dues_per_year": 0, "term_years": 1}
    )
    campaign = Campaign.objects.create(
        year=YEAR,
        theme="质量月",
        starts_on=datetime.date(YEAR, 9, 1),
        ends_on=datetime.date(YEAR, 9, 30),
    )
    Category.objects.bulk_create(
        Category(campaign=campaign, position=n, name=f"类别{n}") for n in range(CATEGORIES)
    )
    CaseCategory.objects.create(code="bench", name="产品质量", kinds=["complaint"])
    Course.objects.bulk_create(
        Course(key=f"course-{n}", title=f"课程{n}", strand="quality", hours=Decimal(8))
        for n in range(COURSES)
    )
    return {"campaign": campaign.pk}


# --- Records, generated in PostgreSQL -----------------------------------------------------

# A moment of the year from g (every day, any time of day): the year is not a leap year.
MOMENT = (
    "timestamptz '%(year)s-01-01 00:00+08' "
    "+ make_interval(days => ((g::bigint * 7919) %% 365)::int, "
    "secs => (g::bigint * 104729) %% 86000)"
)
# …and one in the year before, for every tenth row.
IN_YEAR = f"CASE WHEN g %% 10 = 9 THEN ({MOMENT}) - interval '365 days' ELSE {MOMENT} END"

GENERATE = [
    "CREATE UNLOGGED TABLE bench_unit AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, "
    "id FROM organizations_unit WHERE kind = 'enterprise'",
    "CREATE UNLOGGED TABLE bench_district AS SELECT (row_number() OVER (ORDER BY id) - 1)::int "
    "AS n, id FROM organizations_unit WHERE kind = 'district'",
    f"""
    INSERT INTO events_event (kind, title, title_zh_hant, title_en, description, starts_at,
        ends_at, registration, requires_approval, is_published, created_at, description_en,
        description_zh_hant, is_demo, max_group_size, oath, oath_en, oath_zh_hant,
        online_viewers, updated_at, sequence, schedule_digest, members_only, members_segment,
        host_url)
    SELECT 'lecture', '质量讲座' || g, '', '', '', {IN_YEAR},
        {IN_YEAR} + interval '2 hours', 'open', false, g %% 10 <> 3, now(), '', '', false,
        1, '', '', '', g %% 500, now(), 0, '', false, '{{}}'::jsonb, ''
    FROM generate_series(0, %(events)s - 1) AS g ORDER BY g
    """,
    "CREATE UNLOGGED TABLE bench_event AS SELECT (row_number() OVER (ORDER BY id) - 1)::int "
    "AS n, id FROM events_event",
    "CREATE UNIQUE INDEX ON bench_event (n)",
    """
    INSERT INTO events_venue (name, address, capacity, event_id)
    SELECT '会场', '', 200, id FROM bench_event ORDER BY n
    """,
    "ALTER TABLE bench_event ADD COLUMN venue_id bigint",
    "UPDATE bench_event b SET venue_id = v.id FROM events_venue v WHERE v.event_id = b.id",
    # One organising unit an event; every fifth event also a district as co-organiser.
    """
    INSERT INTO events_eventunit (role, event_id, unit_id)
    SELECT CASE WHEN e.n %% 5 = 0 THEN 'co_organiser' ELSE 'organiser' END, e.id,
        CASE WHEN e.n %% 5 = 0 THEN d.id ELSE u.id END
    FROM bench_event e
    JOIN bench_unit u ON u.n = e.n %% %(units)s
    JOIN bench_district d ON d.n = e.n %% %(districts)s
    """,
    """
    INSERT INTO events_registration (name, phone, email, answers, status, ticket_code,
        checked_in_at, created_at, event_id, venue_id, is_demo)
    SELECT '参会人', '', '', '{}'::jsonb,
        (ARRAY['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed',
            'confirmed', 'pending', 'waiting', 'cancelled'])[g %% 10 + 1],
        'T' || g, CASE WHEN g %% 10 < 5 THEN now() END, now(), e.id, e.venue_id, false
    FROM generate_series(0, %(registrations)s - 1) AS g
    JOIN bench_event e ON e.n = g %% %(events)s
    """,
    """
    INSERT INTO campaigns_activityreport ("group", title, starts_on, ends_on, place, organisers,
        kind, participants, online_viewers, teams, enterprises, sub_activities, description,
        state, review_comment, created_at, updated_at, district_id, unit_id, campaign_id,
        category_id)
    SELECT '', '质量活动' || g, date '%(year)s-09-01' + g %% 30, date '%(year)s-09-01' + g %% 30,
        '', '', 'lecture', g %% 300, g %% 1000, g %% 5, g %% 7, 0, '',
        (ARRAY['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted',
            'accepted', 'submitted', 'submitted', 'returned'])[g %% 10 + 1],
        '', now(), now(), CASE WHEN g %% 10 <> 4 THEN d.id END, u.id, %(campaign)s, c.id
    FROM generate_series(0, %(activity_reports)s - 1) AS g
    JOIN bench_unit u ON u.n = g %% %(units)s
    JOIN bench_district d ON d.n = g %% %(districts)s
    JOIN (SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM campaigns_category)
        c ON c.n = g %% %(categories)s
    """,
    """
    INSERT INTO enquiries_submission (created_at, channel, name, phone, email, address,
        id_type, id_number, consents_to_publish, consents_to_mediation, business_name,
        business_address, business_phone, sector, product, facts, request, client_digest,
        is_demo, category_id)
    SELECT now(), 'web', '市民', '', '', '', '', '', false, false, '', '', '', '', '', '', '',
        '', false, (SELECT id FROM enquiries_category LIMIT 1)
    FROM generate_series(0, %(cases)s - 1) AS g
    """,
    f"""
    INSERT INTO enquiries_case (kind, number, status, reason, received_at, updated_at,
        closed_at, rating, rating_comment, needs_attention, is_demo, district_id, unit_id,
        category_id, submission_id)
    SELECT (ARRAY['complaint', 'consultation', 'report'])[g %% 3 + 1], 'B' || g,
        CASE WHEN g %% 5 < 3 THEN 'closed' ELSE 'accepted' END, '', {IN_YEAR}, now(),
        CASE WHEN g %% 5 < 3 THEN now() END, NULL, '', false, false,
        CASE WHEN g %% 10 <> 7 THEN d.id END, u.id, s.category_id, s.id
    FROM (SELECT (row_number() OVER (ORDER BY id) - 1)::int AS g, id, category_id
          FROM enquiries_submission) s
    JOIN bench_unit u ON u.n = g %% %(units)s
    JOIN bench_district d ON d.n = g %% %(districts)s
    """,
    # One clock a case: most stopped, some after their due day.
    """
    INSERT INTO enquiries_clock (step, started_on, due_on, stopped_on, days, day_type, source,
        case_id, provisional)
    SELECT 'accept', received_at::date, received_at::date + 7,
        CASE WHEN id %% 10 < 7 THEN received_at::date + (id %% 10)::int END, 7, 'working',
        'rule', id, false
    FROM enquiries_case
    """,
    """
    INSERT INTO organizations_user (password, is_superuser, username, first_name, last_name,
        email, is_staff, is_active, date_joined, display_name, phone)
    SELECT '!', false, 'trainee' || g, '', '', '', false, true, now(), '学员' || g, ''
    FROM generate_series(0, %(users)s - 1) AS g
    """,
    f"""
    INSERT INTO training_enrolment (enrolled_at, completed_at, is_demo, course_id, user_id)
    SELECT {IN_YEAR}, CASE WHEN g %% 2 = 0 THEN now() END, false, c.id, u.id
    FROM generate_series(0, %(enrolments)s - 1) AS g
    JOIN (SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM organizations_user
          WHERE username LIKE 'trainee%%') u ON u.n = g %% %(users)s
    JOIN (SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM training_course) c
        ON c.n = g / %(users)s
    """,
    """
    INSERT INTO quality_team (name, kind, industry, workshop, created_at, is_demo, enterprise_id)
    SELECT 'QC小组' || g, 'qc', '', '', now(), false, u.id
    FROM generate_series(0, %(teams)s - 1) AS g JOIN bench_unit u ON u.n = g %% %(units)s
    """,
    """
    INSERT INTO quality_registration (year, number, topic, registered_at, team_id)
    SELECT CASE WHEN id %% 10 = 9 THEN %(year)s - 1 ELSE %(year)s END, 'QC' || id, '课题',
        now(), id
    FROM quality_team
    """,
    # Five members a team, some of them on two teams of their enterprise.
    """
    INSERT INTO quality_teammember (name, employee_number, role, identity, registration_id)
    SELECT '组员', '', 'member', 'P' || (r.id * 5 + g %% 5) %% (%(team_members)s * 4 / 5), r.id
    FROM generate_series(0, %(team_members)s - 1) AS g
    JOIN (SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM quality_registration)
        r ON r.n = g / 5 %% %(team_registrations)s
    """,
    """
    INSERT INTO quality_honour (name, body, level, year, proof, proof_name, is_demo,
        enterprise_id, confirmed_at)
    SELECT '质量奖', '市政府', (ARRAY['national', 'city', 'district'])[g %% 3 + 1],
        CASE WHEN g %% 10 = 9 THEN %(year)s - 1 ELSE %(year)s END, '', '', false, u.id,
        CASE WHEN g %% 4 <> 0 THEN now() END
    FROM generate_series(0, %(honours)s - 1) AS g JOIN bench_unit u ON u.n = g %% %(units)s
    """,
    # Every enterprise a member: a fifth of the terms ended mid-year (past the grace by
    # December), a fifth cancelled in May, the rest running into next year.
    """
    INSERT INTO organizations_membership (level, joined_on, association_id, unit_id)
    SELECT 'member', date '%(year)s-01-01' - 400, a.id, u.id
    FROM bench_unit u, organizations_unit a WHERE a.kind = 'association'
    """,
    """
    INSERT INTO members_term (starts_on, ends_on, cancelled_on, is_first, status, created_at,
        membership_id, type_id)
    SELECT date '%(year)s-01-01' - 365 * (m.id %% 2)::int,
        CASE WHEN m.id %% 5 = 0 THEN date '%(year)s-06-30' ELSE date '%(year)s-12-31' + 365 END,
        CASE WHEN m.id %% 5 = 1 THEN date '%(year)s-05-01' END, true, 'current', now(), m.id,
        (SELECT id FROM members_membershiptype ORDER BY id LIMIT 1)
    FROM organizations_membership m
    """,
    "DROP TABLE bench_unit, bench_district, bench_event",
]


def generate(counts: dict[str, int], campaign: int) -> int:
    """Every table's rows; returns how many records were written."""
    from django.db import connection, transaction

    params = {
        **counts,
        "year": YEAR,
        "campaign": campaign,
        "units": UNITS,
        "districts": DISTRICTS,
        "categories": CATEGORIES,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '256MB'")
        with transaction.atomic():
            # The rows are consistent by construction: no foreign-key triggers while loading.
            cursor.execute("SET LOCAL session_replication_role = replica")
            for statement in GENERATE:
                cursor.execute(statement, params)
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT (SELECT count(*) FROM organizations_membership) * 2")
        members = cursor.fetchone()[0]
    return sum(counts.values()) + members


# --- The floor: the same numbers by hand-written SQL ---------------------------------------

# A member's term in good standing on the year's last day (or today while the year runs),
# with the days of grace of the status rules (90 and kept rights by default).
COVERING = """t.starts_on <= %(last_day)s
    AND t.ends_on >= %(last_day)s - coalesce((SELECT CASE WHEN rights_in_grace
        THEN grace_days ELSE 0 END FROM members_statusrules ORDER BY id LIMIT 1), 90)
    AND (t.cancelled_on IS NULL OR t.cancelled_on > %(last_day)s)"""
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


# --- The platform's numbers -----------------------------------------------------------------


def stored_figures(year: int) -> tuple[dict[str, Decimal], dict[str, dict[str, Decimal]]]:
    """What the worker stored: the city's current values and each district's."""
    from qualitymonth.figures.models import FigureValue

    figures: dict[str, Decimal] = {}
    districts: dict[str, dict[str, Decimal]] = {}
    for key, dimension, value in FigureValue.objects.filter(year=year, frozen=False).values_list(
        "key", "dimension", "value"
    ):
        if dimension:
            districts.setdefault(key, {})[dimension.split(":", 1)[1]] = value
        else:
            figures[key] = value
    return figures, districts


def compare(
    platform: dict[str, Decimal], hand: dict[str, Decimal], where: str, tolerance=Decimal(0)
) -> list[str]:
    """Every number the hand SQL computed, as the platform has it: the differences, named.
    A key the platform lacks counts as zero (a figure or a district with nothing to count)."""
    problems = []
    for key in sorted(set(hand) | set(platform)):
        mine, theirs = platform.get(key, Decimal(0)), hand.get(key, Decimal(0))
        if abs(Decimal(mine) - Decimal(theirs)) > tolerance:
            problems.append(f"{where} {key}: the platform has {mine}, the hand SQL {theirs}")
    return problems


# Rates are rounded to one decimal by both; the last digit may round the other way.
RATE = Decimal("0.05")


def check_figures(year: int, hand: tuple[dict, dict]) -> list[str]:
    from qualitymonth.figures.registry import all_figures

    figures, districts = stored_figures(year)
    hand_city, hand_districts = hand
    # A figure added to the registry needs its hand SQL here, or the floor counts less.
    problems = [
        f"figure {f.key} has no hand-written SQL in bench/figures.py"
        for f in all_figures()
        if not f.hand_entered and f.key not in hand_city
    ]
    for key, value in hand_city.items():
        tolerance = RATE if key.endswith("_rate") else Decimal(0)
        problems += compare({key: figures.get(key, Decimal(0))}, {key: value}, "figure", tolerance)
    for key, by_district in hand_districts.items():
        problems += compare(districts.get(key, {}), by_district, f"{key} in district")
    return problems


FIGURE_VALUE = re.compile(r'class="figure-value">([^<]*)<')


def page_numbers(html: str) -> list[Decimal]:
    """The numbers the year page shows, in its order (thousands separators dropped)."""
    return [Decimal(value.replace(",", "").strip()) for value in FIGURE_VALUE.findall(html)]


def check_page(html: str, hand_city: dict[str, Decimal]) -> list[str]:
    from qualitymonth.figures.registry import all_figures

    shown = [f.key for f in all_figures() if f.public and f.key in hand_city]
    numbers = page_numbers(html)
    if len(numbers) != len(shown):
        return [f"the year page shows {len(numbers)} numbers, expected {len(shown)}"]
    expected = {key: hand_city[key] for key in shown}
    tolerance = RATE  # only rates can differ in their last digit; counts are whole numbers
    return compare(dict(zip(shown, numbers, strict=True)), expected, "year page", tolerance)


# --- The open-data floor: the same CSVs by psql COPY -----------------------------------------

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
        help=f"a PostgreSQL server to use; the bench makes its own database {BENCH_DB} there",
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

    workdir = prepare(args.pg_url, BENCH_DB, PYTHONPATH=str(ROOT))
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
        written = generate(counts, build_frame()["campaign"])
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
            round_problems += check_page(results["page"], hand[0])
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
            recreate_database(args.pg_url, BENCH_DB, create=False)
        workdir.cleanup()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""The year-in-figures bench's records: the frame through the platform's models, then
--records records generated in PostgreSQL (`INSERT … SELECT generate_series`), most of them in
one year (YEAR, a closed year; a tenth of the events, cases and enrolments in the year before).
bench/figures.py runs it; the quality module's tables are written by figures_data_quality.py
with the same statements' conventions (parameters `%(name)s`, `%%` for a literal percent)."""

import datetime
from decimal import Decimal

import figures_data_quality as quality  # bench/figures_data_quality.py, beside this script

YEAR = 2025
DISTRICTS, UNITS, CATEGORIES, COURSES = 16, 400, 8, 10

# Each table's share of the records (they add up to 1).
SHARES = {
    "events": 0.02,
    "venues": 0.02,
    "event_units": 0.02,
    "registrations": 0.282,
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
    **quality.SHARES,
}


def plan(records: int) -> dict[str, int]:
    """How many rows each table gets for `records` records in all (at least a few each)."""
    counts = {table: max(4, round(records * share)) for table, share in SHARES.items()}
    # Each user enrols in each course at most once.
    counts["enrolments"] = min(counts["enrolments"], counts["users"] * COURSES)
    counts["venues"] = counts["event_units"] = counts["events"]
    counts["submissions"] = counts["clocks"] = counts["cases"]
    counts["team_registrations"] = counts["teams"]
    quality.plan(counts, units=UNITS)
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
    return {"campaign": campaign.pk, **quality.build_frame(YEAR)}


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
    # The quality module's results, benefits, cases, CSR reports and national outcomes.
    *quality.GENERATE,
    "DROP TABLE bench_unit, bench_district, bench_event",
]


def generate(counts: dict[str, int], frame: dict) -> int:
    """Every table's rows; returns how many records were written."""
    from django.db import connection, transaction

    params = {
        **counts,
        **frame,
        "year": YEAR,
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

"""An industry group's own events (its calendar, member-only when chosen) and round tables
held as events, whose attendance counts toward participation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from qualitymonth.events.models import Event, EventUnit
from qualitymonth.members.models import GroupOfficer, ParticipationRule
from qualitymonth.members.services.participation import compute
from qualitymonth.members.services.visits import create_visit
from qualitymonth.members.tests.conftest import a_group, attended_event, member_unit, shows
from qualitymonth.organizations.models import Role
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    return a_group("机械大组")


@pytest.fixture
def leader(group, enterprise):
    person = make_person("group-leader", unit=enterprise, role=Role.UNIT_ADMIN)
    GroupOfficer.objects.create(group=group, person=person, unit=enterprise, role="leader")
    return person


def soon(days=20, hour=14):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def event_form(**values):
    return {
        "title": "机械大组质量沙龙",
        "kind": "forum",
        "starts_at": soon().strftime("%Y-%m-%dT%H:%M"),
        "ends_at": soon(hour=16).strftime("%Y-%m-%dT%H:%M"),
        "venue": "协会会议室",
        "members_only": "on",
        **values,
    }


def test_an_officer_schedules_a_member_only_event_and_it_is_on_the_groups_calendar(
    client, group, leader
):
    client.force_login(leader)

    client.post(reverse("members:group_event_create", args=[group.pk]), event_form())

    event = Event.objects.get()
    assert event.members_only
    assert EventUnit.objects.get(event=event).unit == group
    page = client.get(reverse("members:group_detail", args=[group.pk])).content.decode()
    calendar = page.split('data-testid="group-calendar"')[1].split("</section>")[0]
    assert "机械大组质量沙龙" in calendar
    assert shows(calendar, "Members only")


def test_an_event_open_to_all_has_no_member_only_label(client, group, leader):
    client.force_login(leader)

    client.post(reverse("members:group_event_create", args=[group.pk]), event_form(members_only=""))

    assert not Event.objects.get().members_only


def test_an_event_ending_before_it_starts_is_refused_and_nothing_is_saved(client, group, leader):
    client.force_login(leader)

    page = client.post(
        reverse("members:group_event_create", args=[group.pk]),
        event_form(ends_at=soon(hour=9).strftime("%Y-%m-%dT%H:%M")),
    ).content.decode()

    assert shows(page, "An event ends after it starts.")
    assert not Event.objects.exists()


def test_someone_who_is_neither_officer_nor_secretariat_does_not_find_the_group(
    client, group, enterprise_reporter
):
    client.force_login(enterprise_reporter)

    page = client.get(reverse("members:group_detail", args=[group.pk])).content.decode()
    client.post(reverse("members:group_event_create", args=[group.pk]), event_form())

    assert "机械大组" not in page
    assert not Event.objects.exists()


def test_the_group_page_asks_the_same_queries_for_one_event_or_many(client, group, secretariat):
    from qualitymonth.members.services.groups import schedule_group_event

    def add(n):
        schedule_group_event(
            actor=secretariat,
            group=group,
            title=f"活动{n}",
            kind="forum",
            starts_at=soon(days=n + 1),
            ends_at=soon(days=n + 1, hour=16),
            venue="会议室",
            members_only=n % 2 == 0,
        )

    add(0)
    client.force_login(secretariat)

    def more():
        for n in range(1, 6):
            add(n)

    def listed(page, when):
        assert ("活动5" in page) == (when == "many")

    assert_flat(client, reverse("members:group_detail", args=[group.pk]), more, shows=listed)


# --- round tables held as events --------------------------------------------------------------


@pytest.fixture
def round_table(association, member_type, secretariat):
    """Two members in 2026: the round table names the first; the second's person was checked
    in at its door (the event)."""
    named = member_unit(association, member_type, name="被点名企业")
    came = member_unit(association, member_type, name="到场企业")
    person = make_person("came-person", unit=came, role=Role.REPORTER)
    registration = attended_event(came, title="2026年中小企业质量座谈会", person=person)
    visit = create_visit(
        actor=secretariat,
        kind="round_table",
        day=datetime.date(2026, 9, 10),
        title="2026年中小企业质量座谈会",
        units=[named],
        event=registration.event,
    )
    return {"named": named, "came": came, "visit": visit}


def rule(**parts):
    values = dict.fromkeys(("events", "reports", "applications", "surveys", "training"), False)
    values["visits"] = False
    values.update(parts)
    return ParticipationRule.objects.create(**values)


def took_part(run) -> set[str]:
    return {e.unit.name for e in run.entries.select_related("unit") if e.took_part}


def test_a_round_tables_attendance_counts_as_met_at_a_round_table(round_table):
    run = compute(year=2026, rule=rule(visits=True))

    assert (run.members, run.participants) == (2, 2)
    assert took_part(run) == {"被点名企业", "到场企业"}
    came = run.entries.get(unit=round_table["came"])
    assert came.records["visits"] == [
        [
            "2026年中小企业质量座谈会",
            reverse("members:visit_detail", args=[round_table["visit"].pk]),
        ]
    ]


def test_with_visits_switched_off_the_round_tables_attendance_counts_as_an_event_only(
    round_table,
):
    assert took_part(compute(year=2026, rule=rule(events=True))) == {"到场企业"}
    assert took_part(compute(year=2026, rule=rule())) == set()


def test_only_a_round_table_is_held_as_an_event(secretariat, enterprise):
    from django.core.exceptions import ValidationError

    registration = attended_event(enterprise)
    with pytest.raises(ValidationError):
        create_visit(
            actor=secretariat,
            kind="visit",
            day=datetime.date(2026, 9, 10),
            title="走访",
            units=[enterprise],
            event=registration.event,
        )


def test_an_event_for_the_groups_members_only_refuses_a_member_outside_the_group(
    client, group, leader, association, member_type
):
    from django.core.exceptions import ValidationError

    from qualitymonth.events.services import register

    client.force_login(leader)
    client.post(
        reverse("members:group_event_create", args=[group.pk]),
        event_form(members_only="", group_members_only="on"),
    )
    event = Event.objects.get()
    assert event.members_only and event.members_segment == {"industry_group": [group.pk]}
    today = timezone.localdate()
    span = {
        "starts": today - datetime.timedelta(days=10),
        "ends": today + datetime.timedelta(days=300),
    }
    inside = member_unit(association, member_type, name="上海电气", group=group, **span)
    outside = member_unit(association, member_type, name="光明乳业", **span)
    insider = make_person("electric-reporter", unit=inside, role=Role.REPORTER)
    outsider = make_person("dairy-reporter", unit=outside, role=Role.REPORTER)
    with pytest.raises(ValidationError):
        register(actor=outsider, event=event, name="李华", phone="13800002222")
    assert register(actor=insider, event=event, name="王敏", phone="13800001111")

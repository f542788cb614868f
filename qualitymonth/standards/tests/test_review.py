"""The review meeting: a panel without drafting units' experts, each conclusion recorded, the
decision; publication only after the review passed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role
from qualitymonth.standards import review, services
from qualitymonth.standards.models import PanelMember, ReviewMeeting, State
from qualitymonth.standards.tests.conftest import close_comments, in_comment

DAY = datetime.date(2026, 6, 10)


@pytest.fixture
def for_review(secretariat, enterprise, drafting_unit):
    standard = in_comment(secretariat, enterprise, drafting_units=[drafting_unit])
    close_comments(standard)
    services.finalise_handling(actor=secretariat, standard=standard)
    standard.refresh_from_db()
    return standard


def _experts(count=3):
    outside = make_unit(key="university", name="上海某大学")
    return [make_person(f"expert{n}", unit=outside, role=Role.REPORTER) for n in range(count)]


def test_an_expert_of_a_drafting_unit_cannot_sit_on_the_panel(
    secretariat, for_review, drafting_unit
):
    meeting = review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    insider = make_person("insider", unit=drafting_unit, role=Role.REPORTER)
    with pytest.raises(ValidationError, match="cannot sit on the panel"):
        review.add_expert(actor=secretariat, meeting=meeting, expert=insider)
    assert not PanelMember.objects.exists()


def test_an_expert_naming_the_proposer_as_affiliation_is_refused(
    secretariat, for_review, enterprise
):
    meeting = review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    (outsider,) = _experts(1)
    with pytest.raises(ValidationError, match=enterprise.name):
        review.add_expert(
            actor=secretariat, meeting=meeting, expert=outsider, affiliation=enterprise.name
        )


def test_the_decision_waits_for_every_experts_conclusion(secretariat, for_review):
    meeting = review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    members = [
        review.add_expert(actor=secretariat, meeting=meeting, expert=expert)
        for expert in _experts()
    ]
    for member in members[:2]:
        review.record_conclusion(actor=secretariat, member=member, conclusion="pass")
    with pytest.raises(ValidationError, match="1 experts have no conclusion"):
        review.decide(actor=secretariat, meeting=meeting, decision="pass", minutes="同意通过")
    review.record_conclusion(
        actor=secretariat, member=members[2], conclusion="pass_with_changes", comments="改3.1"
    )
    review.decide(actor=secretariat, meeting=meeting, decision="pass", minutes="同意通过")
    for_review.refresh_from_db()
    assert for_review.review_decision == "pass"


def test_a_panel_of_two_cannot_decide(secretariat, for_review):
    meeting = review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    for expert in _experts(2):
        member = review.add_expert(actor=secretariat, meeting=meeting, expert=expert)
        review.record_conclusion(actor=secretariat, member=member, conclusion="pass")
    with pytest.raises(ValidationError, match="at least 3 experts"):
        review.decide(actor=secretariat, meeting=meeting, decision="pass", minutes="通过")
    for_review.refresh_from_db()
    assert for_review.review_decision == ""


def test_publication_is_refused_until_a_meeting_passes_the_draft(secretariat, for_review):
    with pytest.raises(ValidationError, match="only after its review has passed"):
        services.publish(
            actor=secretariat,
            standard=for_review,
            approved_on=DAY,
            implemented_on=DAY + datetime.timedelta(days=14),
        )
    meeting = review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    for expert in _experts():
        member = review.add_expert(actor=secretariat, meeting=meeting, expert=expert)
        review.record_conclusion(actor=secretariat, member=member, conclusion="fail", comments="否")
    review.decide(actor=secretariat, meeting=meeting, decision="fail", minutes="不通过")
    with pytest.raises(ValidationError, match="only after its review has passed"):
        services.publish(
            actor=secretariat,
            standard=for_review,
            approved_on=DAY,
            implemented_on=DAY + datetime.timedelta(days=14),
        )
    for_review.refresh_from_db()
    assert (for_review.state, for_review.number) == (State.REVIEW, None)
    # A later meeting reviews the reworked draft.
    again = review.schedule_meeting(
        actor=secretariat, standard=for_review, held_on=DAY + datetime.timedelta(days=30)
    )
    assert again.pk != meeting.pk and ReviewMeeting.objects.count() == 2


def test_a_meeting_is_held_only_after_the_handling_table_is_final(secretariat, enterprise):
    standard = in_comment(secretariat, enterprise)
    with pytest.raises(ValidationError, match="handling table of the comments is final"):
        review.schedule_meeting(actor=secretariat, standard=standard, held_on=DAY)
    assert not ReviewMeeting.objects.exists()


def test_the_secretariat_runs_the_meeting_on_its_page(
    client, secretariat, for_review, drafting_unit
):
    client.force_login(secretariat)
    url = reverse("standards:review", args=[for_review.pk])
    client.post(url, {"held_on": "2026-06-10", "place": "协会会议室"})
    insider = make_person("insider", unit=drafting_unit, role=Role.UNIT_ADMIN)
    response = client.post(
        reverse("standards:add_expert", args=[for_review.pk]),
        {"username": insider.username},
        follow=True,
    )
    assert "cannot sit on the panel" in response.content.decode()
    for expert in _experts():
        client.post(
            reverse("standards:add_expert", args=[for_review.pk]),
            {"username": expert.username, "affiliation": "上海某大学"},
        )
    for member in PanelMember.objects.all():
        client.post(
            reverse("standards:conclusion", args=[for_review.pk, member.pk]),
            {"conclusion": "pass", "comments": ""},
        )
    response = client.post(
        reverse("standards:decide", args=[for_review.pk]),
        {"decision": "pass_with_changes", "minutes": "专家组同意修改后通过。"},
        follow=True,
    )
    page = response.content.decode()
    assert "专家组同意修改后通过。" in page and page.count('data-testid="panel-member"') == 3
    for_review.refresh_from_db()
    assert for_review.review_decision == "pass_with_changes"


# --- the shared conflict rule, the meeting as an event ----------------------------------------


def test_an_expert_who_declared_a_conflict_with_a_drafting_unit_is_refused(
    secretariat, for_review, drafting_unit
):
    meeting = review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    (outsider,) = _experts(1)
    review.declare_conflict(
        actor=secretariat, meeting=meeting, expert=outsider, unit=drafting_unit, reason="曾任顾问"
    )
    with pytest.raises(ValidationError, match="Declared conflict of interest: 曾任顾问"):
        review.add_expert(actor=secretariat, meeting=meeting, expert=outsider)
    assert not PanelMember.objects.exists()


def test_a_conflict_with_a_unit_above_the_proposer_counts_too(secretariat, for_review, enterprise):
    group = make_unit(key="group", name="上汽集团")
    type(enterprise).objects.filter(pk=enterprise.pk).update(parent=group)
    meeting = review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    (outsider,) = _experts(1)
    review.declare_conflict(
        actor=secretariat, meeting=meeting, expert=outsider, unit=group, reason="持股"
    )
    assert review.conflict_reason(meeting, outsider) == "Declared conflict of interest: 持股"


def test_a_conflict_declared_after_joining_makes_the_expert_step_back(
    client, secretariat, for_review, drafting_unit
):
    meeting = review.schedule_meeting(
        actor=secretariat, standard=for_review, held_on=timezone.localdate()
    )
    members = [
        review.add_expert(actor=secretariat, meeting=meeting, expert=expert)
        for expert in _experts()
    ]
    conflict = review.declare_conflict(
        actor=secretariat,
        meeting=meeting,
        expert=members[0].expert,
        unit=drafting_unit,
        reason="近三年受聘于起草单位",
    )
    assert conflict.recused
    members[0].refresh_from_db()
    assert members[0].recusal_reason == "近三年受聘于起草单位"
    assert members[0].registration.status == "cancelled"
    with pytest.raises(ValidationError, match="stepped back"):
        review.record_conclusion(actor=secretariat, member=members[0], conclusion="pass")
    for member in members[1:]:
        review.record_conclusion(actor=secretariat, member=member, conclusion="pass")
    # Two experts still sit: the panel is too small to decide.
    with pytest.raises(ValidationError, match="at least 3 experts"):
        review.decide(actor=secretariat, meeting=meeting, decision="pass", minutes="通过")
    client.force_login(secretariat)
    page = client.get(reverse("standards:review", args=[for_review.pk])).content.decode()
    assert 'data-testid="recused"' in page and "近三年受聘于起草单位" in page


def test_the_meeting_is_an_invitation_only_event_the_experts_hold_tickets_for(
    client, secretariat, for_review
):
    from qualitymonth.events import selectors as events

    meeting = review.schedule_meeting(
        actor=secretariat, standard=for_review, held_on=DAY, place="协会三楼会议室"
    )
    event = meeting.event
    assert (event.kind, event.registration, event.is_published) == ("meeting", "invitation", False)
    assert event.venues.get().name == "协会三楼会议室"
    (expert,) = _experts(1)
    review.add_expert(actor=secretariat, meeting=meeting, expert=expert)
    (ticket,) = events.registrations_of(expert)
    assert (ticket.event, ticket.status) == (event, "confirmed")
    # Moving the meeting moves its event, and calendars hear of it.
    before = event.sequence
    review.schedule_meeting(
        actor=secretariat,
        standard=for_review,
        held_on=DAY + datetime.timedelta(days=1),
        place="协会三楼会议室",
    )
    event.refresh_from_db()
    assert event.starts_at.date() == DAY + datetime.timedelta(days=1)
    assert event.sequence == before + 1
    client.force_login(expert)
    assert for_review.title in client.get(reverse("events:mine")).content.decode()


def test_an_experts_check_in_at_the_door_shows_on_the_meeting_page(client, secretariat, for_review):
    now = timezone.localtime()
    meeting = review.schedule_meeting(
        actor=secretariat,
        standard=for_review,
        held_on=now.date(),
        starts_at=now.time().replace(minute=0, second=0, microsecond=0),
    )
    here, away = _experts(2)
    member = review.add_expert(actor=secretariat, meeting=meeting, expert=here)
    review.add_expert(actor=secretariat, meeting=meeting, expert=away)
    client.force_login(secretariat)
    client.post(
        reverse("events:check_in", args=[meeting.event_id]),
        {"code": member.registration.ticket_code},
    )
    page = client.get(reverse("standards:review", args=[for_review.pk])).content.decode()
    assert page.count("Attended: checked in at") == 1
    assert page.count("Not checked in") == 1


def test_the_secretariat_records_a_declared_conflict_on_the_meeting_page(
    client, secretariat, for_review, drafting_unit
):
    review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    (outsider,) = _experts(1)
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:declare_conflict", args=[for_review.pk]),
        {"username": outsider.username, "unit": drafting_unit.pk, "reason": "亲属任职"},
        follow=True,
    )
    assert 'data-testid="conflict"' in response.content.decode()
    response = client.post(
        reverse("standards:add_expert", args=[for_review.pk]),
        {"username": outsider.username},
        follow=True,
    )
    assert "Declared conflict of interest: 亲属任职" in response.content.decode()
    assert not PanelMember.objects.exists()


def test_a_declared_conflict_needs_a_reason(client, secretariat, for_review, drafting_unit):
    review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    (outsider,) = _experts(1)
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:declare_conflict", args=[for_review.pk]),
        {"username": outsider.username, "unit": drafting_unit.pk, "reason": " "},
        follow=True,
    )
    assert "Say what the conflict of interest is." in response.content.decode()
    assert not for_review.review_meetings.get().conflicts.exists()


def test_the_meeting_in_an_experts_events_links_to_the_standards_review_page(
    client, secretariat, for_review
):
    meeting = review.schedule_meeting(actor=secretariat, standard=for_review, held_on=DAY)
    (expert,) = _experts(1)
    review.add_expert(actor=secretariat, meeting=meeting, expert=expert)
    client.force_login(expert)

    mine = client.get(reverse("events:mine")).content.decode()

    assert f'href="{reverse("standards:review", args=[for_review.pk])}"' in mine
    assert reverse("events:detail", args=[meeting.event_id]) not in mine

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qualitymonth.campaigns import services as campaign_services
from qualitymonth.campaigns.models import Campaign
from qualitymonth.campaigns.selectors import digest_of
from qualitymonth.events import selectors, services
from qualitymonth.events.models import Event, EventUnit
from qualitymonth.events.tests.conftest import sign_up


def test_figures_count_registrations_and_check_ins_by_unit_and_venue(lecture, enterprise):
    services.register_group(
        actor=None, event=lecture, unit=enterprise, people=[("甲", "13900000001")]
    )
    ticket = sign_up(lecture, 2)
    services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    figures = selectors.figures_of(lecture)
    assert (figures["registered"], figures["checked_in"], figures["units"]) == (2, 1, 1)
    by_unit = {row["unit"]: (row["registered"], row["checked_in"]) for row in figures["by_unit"]}
    assert by_unit == {enterprise: (1, 0), None: (1, 1)}
    assert [(v.registered, v.checked_in) for v in figures["by_venue"]] == [(2, 1)]


def test_changing_online_viewers_is_audited(lecture, secretariat):
    from qualitymonth.core.models import AuditEntry

    services.set_online_viewers(actor=secretariat, event=lecture, viewers=500)
    services.set_online_viewers(actor=secretariat, event=lecture, viewers=800)
    entries = AuditEntry.objects.filter(action="event.online_viewers").order_by("pk")
    assert [entry.changes["online_viewers"] for entry in entries] == [[0, 500], [500, 800]]


@pytest.fixture
def live_stream(association, enterprise):
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        year=today.year,
        theme="质量成就美好生活",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
        is_published=True,
    )
    starts = timezone.now() - datetime.timedelta(hours=1)
    event = Event.objects.create(
        kind="live_stream",
        title="质量直播",
        campaign=campaign,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    event.venues.create(name="演播室", capacity=50)
    EventUnit.objects.create(event=event, unit=enterprise, role="organiser")
    return event


def test_the_event_figures_enter_the_campaign_digest_once_accepted(live_stream, secretariat):
    for n in range(3):
        ticket = sign_up(live_stream, n)
        services.check_in(actor=None, event=live_stream, ticket_code=ticket.ticket_code)
    services.set_online_viewers(actor=None, event=live_stream, viewers=11000)
    report = services.report_to_campaign(actor=None, event=live_stream)
    assert (report.participants, report.online_viewers, report.kind) == (3, 11000, "live_stream")
    assert digest_of(live_stream.campaign)["totals"]["online_viewers"] in (0, None)
    campaign_services.accept_activity(actor=secretariat, activity=report)
    totals = digest_of(live_stream.campaign)["totals"]
    assert (totals["participants"], totals["online_viewers"]) == (3, 11000)


def test_sending_again_updates_the_same_report_until_it_is_accepted(live_stream, secretariat):
    first = services.report_to_campaign(actor=None, event=live_stream)
    services.set_online_viewers(actor=None, event=live_stream, viewers=20)
    second = services.report_to_campaign(actor=None, event=live_stream)
    assert first.pk == second.pk and second.online_viewers == 20
    campaign_services.accept_activity(actor=secretariat, activity=second)
    with pytest.raises(ValidationError):
        services.report_to_campaign(actor=None, event=live_stream)


def test_an_event_without_a_campaign_has_nothing_to_report(lecture):
    with pytest.raises(ValidationError):
        services.report_to_campaign(actor=None, event=lecture)

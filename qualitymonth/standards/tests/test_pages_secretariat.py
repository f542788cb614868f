"""The secretariat's pages: turning a proposal down, opening comment, publishing, withdrawing,
starting a revision."""

import datetime

from django.urls import reverse

from qualitymonth.standards import services
from qualitymonth.standards.models import Standard, State
from qualitymonth.standards.tests.conftest import drafted, reviewed
from tests.queries import assert_flat


def test_the_secretariat_turns_a_proposal_down_and_the_proposer_reads_why(
    client, secretariat, enterprise, enterprise_admin
):
    standard = services.propose(
        actor=None, proposer=enterprise, title="重复的提案", scope="范围", reason="理由"
    )
    client.force_login(secretariat)
    client.post(reverse("standards:reject", args=[standard.pk]), {"reason": "已有国家标准覆盖"})
    standard.refresh_from_db()
    assert standard.state == State.REJECTED
    client.force_login(enterprise_admin)
    page = client.get(reverse("standards:mine")).content.decode()
    assert "已有国家标准覆盖" in page


def test_turning_down_without_a_reason_is_refused(client, secretariat, enterprise):
    standard = services.propose(
        actor=None, proposer=enterprise, title="提案", scope="范围", reason="理由"
    )
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:reject", args=[standard.pk]), {"reason": " "}, follow=True
    )
    assert "Give the reason for not approving" in response.content.decode()
    standard.refresh_from_db()
    assert standard.state == State.PROPOSED


def test_the_proposals_page_asks_the_same_queries_for_one_and_many(client, secretariat, enterprise):
    services.propose(actor=None, proposer=enterprise, title="提案首项", scope="范", reason="由")
    client.force_login(secretariat)

    def add_rows():
        for n in range(4):
            services.propose(
                actor=None, proposer=enterprise, title=f"提案{n}", scope="范", reason="由"
            )

    assert_flat(client, reverse("standards:proposals"), add_rows)


def test_the_secretariat_opens_the_public_comment_period(client, secretariat, enterprise):
    standard = drafted(secretariat, enterprise)
    client.force_login(secretariat)
    client.post(
        reverse("standards:open_comment", args=[standard.pk]),
        {"opens_on": "2026-03-02", "working_days": 5},
    )
    standard.refresh_from_db()
    assert standard.state == State.COMMENT
    # Monday 2 March plus five working days ends with Friday 6 March.
    assert standard.comment_closes_at == services.comment_close(datetime.date(2026, 3, 2), 5)


def test_a_period_too_long_is_refused_next_to_the_field(client, secretariat, enterprise):
    standard = drafted(secretariat, enterprise)
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:open_comment", args=[standard.pk]),
        {"opens_on": "2026-03-02", "working_days": 90},
    )
    assert response.status_code == 400
    assert "less than or equal to 60" in response.content.decode()
    standard.refresh_from_db()
    assert standard.state == State.DRAFTING


def test_the_secretariat_publishes_with_the_next_number(client, secretariat, enterprise):
    standard = reviewed(secretariat, enterprise)
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:publish", args=[standard.pk]),
        {"approved_on": "2026-06-18", "implemented_on": "2026-07-01", "number": ""},
        follow=True,
    )
    standard.refresh_from_db()
    assert standard.number == "T/SAQ 001—2026"
    assert "T/SAQ 001—2026" in response.content.decode()


def test_publishing_before_the_review_passed_is_refused_with_a_clear_message(
    client, secretariat, enterprise
):
    standard = reviewed(secretariat, enterprise, decision="fail")
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:publish", args=[standard.pk]),
        {"approved_on": "2026-06-18", "implemented_on": "2026-07-01"},
    )
    assert response.status_code == 400
    assert "only after its review has passed" in response.content.decode()
    standard.refresh_from_db()
    assert (standard.state, standard.number) == (State.REVIEW, None)


def test_a_number_already_used_is_refused(client, secretariat, enterprise):
    first = reviewed(secretariat, enterprise, title="第一项")
    services.publish(
        actor=secretariat,
        standard=first,
        approved_on=datetime.date(2026, 6, 1),
        implemented_on=datetime.date(2026, 7, 1),
    )
    second = reviewed(secretariat, enterprise, title="第二项")
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:publish", args=[second.pk]),
        {"approved_on": "2026-06-18", "implemented_on": "2026-07-01", "number": "T/SAQ 001—2026"},
    )
    assert "The number T/SAQ 001—2026 is already used" in response.content.decode()
    second.refresh_from_db()
    assert second.number is None


def _published(secretariat, enterprise):
    standard = reviewed(secretariat, enterprise)
    return services.publish(
        actor=secretariat,
        standard=standard,
        approved_on=datetime.date(2026, 6, 1),
        implemented_on=datetime.date(2026, 7, 1),
    )


def test_the_secretariat_withdraws_a_published_standard(client, secretariat, enterprise):
    standard = _published(secretariat, enterprise)
    client.force_login(secretariat)
    response = client.post(reverse("standards:withdraw", args=[standard.pk]), follow=True)
    standard.refresh_from_db()
    assert standard.state == State.WITHDRAWN
    assert str(State.WITHDRAWN.label) in response.content.decode()


def test_a_revision_starts_from_the_text_in_force_and_replaces_it_when_published(
    client, secretariat, enterprise
):
    standard = _published(secretariat, enterprise)
    client.force_login(secretariat)
    client.post(reverse("standards:revise", args=[standard.pk]), {"reason": "技术进步"})
    revision = Standard.objects.get(revises=standard)
    assert revision.state == State.PROPOSED and revision.reason == "技术进步"
    services.approve_proposal(
        actor=secretariat,
        standard=revision,
        plan_number="JH-R1",
        starts_on=datetime.date(2026, 8, 1),
        ends_on=datetime.date(2026, 12, 1),
    )
    revision.refresh_from_db()
    assert revision.state == State.DRAFTING
    assert [c.number for c in services.current_version(revision).clauses.all()] == [
        "1",
        "2",
        "3",
        "3.1",
    ]
    standard.refresh_from_db()
    assert standard.state == State.PUBLISHED

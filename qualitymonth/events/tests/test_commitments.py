import pytest
from django.core.exceptions import ValidationError

from qualitymonth.core.models import AuditEntry
from qualitymonth.events import selectors, services
from qualitymonth.events.models import PLEDGE_MAX, Commitment


def sign(**values):
    values.setdefault("name", "王芳")
    values.setdefault("pledge", "坚持首件检验，不让一件不合格品流到下道工序。")
    values.setdefault("client", "client-a")
    return services.sign_commitment(actor=None, **values)


def test_a_new_signature_waits_for_moderation_before_it_is_on_the_wall(db):
    commitment = sign()
    assert list(selectors.wall()) == []
    services.moderate_commitment(actor=None, commitment=commitment, state="shown")
    assert list(selectors.wall()) == [commitment]


def test_hiding_a_signature_keeps_it_and_records_who_decided(secretariat):
    commitment = sign()
    services.moderate_commitment(actor=secretariat, commitment=commitment, state="shown")
    services.moderate_commitment(actor=secretariat, commitment=commitment, state="hidden")
    commitment.refresh_from_db()
    assert commitment.state == "hidden" and commitment.moderated_by == secretariat
    changes = [
        entry.changes["state"]
        for entry in AuditEntry.objects.filter(action="commitment.moderate").order_by("pk")
    ]
    assert changes == [["pending", "shown"], ["shown", "hidden"]]


def test_an_over_long_pledge_is_refused_with_its_length(db):
    with pytest.raises(ValidationError) as error:
        sign(pledge="质" * (PLEDGE_MAX + 1))
    assert error.value.message_dict["pledge"] == [
        f"承诺请控制在{PLEDGE_MAX}字以内，当前为{PLEDGE_MAX + 1}字。"
    ]
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("pledge", ["优惠请访问 http://spam.example", "加我 www.spam.cn 领奖"])
def test_links_are_not_allowed_on_the_wall(db, pledge):
    with pytest.raises(ValidationError) as error:
        sign(pledge=pledge)
    assert error.value.message_dict["pledge"] == ["承诺墙上不允许包含链接。"]


def test_the_same_client_cannot_sign_the_same_pledge_twice_in_a_day(db):
    sign()
    with pytest.raises(ValidationError):
        sign()
    sign(client="client-b")
    assert Commitment.objects.count() == 2


def test_the_client_is_kept_as_a_digest_not_as_an_address(db):
    from qualitymonth.core.clients import client_digest

    digest = client_digest("203.0.113.7")
    assert "203.0.113.7" not in digest and len(digest) == 64
    assert digest == client_digest("203.0.113.7")

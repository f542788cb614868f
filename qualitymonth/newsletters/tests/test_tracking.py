"""Opens and bounces: each mail carries its own open-counting picture; the mail server's
bounce list is pasted in; the newsletter page and the list show the counts."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_person
from qualitymonth.newsletters import services
from qualitymonth.newsletters.models import Category, Delivery, Newsletter, Subscription
from tests.frontdoor.factories import make_post
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(db):
    """A newsletter sent to three subscribers."""
    news = Category.objects.create(key="news", name="协会动态")
    for name in ("wang", "li", "zhao"):
        user = make_person(name)
        user.email = f"{name}@example.com"
        user.save()
        Subscription.objects.create(user=user, category=news)
    letter = Newsletter.objects.create(category=news, subject="协会动态第12期")
    letter.posts.add(make_post("关于开展2026年质量月活动的通知"))
    services.queue(actor=None, newsletter=letter)
    services.send_all(letter.pk)
    return letter


def _pixel(message) -> str:
    html = message.alternatives[0][0]
    return re.search(r'<img src="https?://[^/]+(/[^"]+)"', html).group(1)


def _mail_to(address):
    return next(m for m in mail.outbox if m.to == [address])


def test_each_mail_carries_its_own_open_picture(sent):
    pictures = {_pixel(message) for message in mail.outbox}

    assert len(pictures) == 3


def test_loading_the_picture_counts_one_open_without_signing_in(client, sent):
    picture = _pixel(_mail_to("li@example.com"))

    first = client.get(picture)
    client.get(picture)  # opened again: still one open

    assert first["Content-Type"] == "image/gif"
    opened = Delivery.objects.filter(opened_at__isnull=False)
    assert list(opened.values_list("email", flat=True)) == ["li@example.com"]


def test_a_forged_picture_address_counts_nothing(client, sent):
    picture = _pixel(_mail_to("li@example.com"))

    client.get(picture.replace(".gif", "x.gif"))

    assert not Delivery.objects.filter(opened_at__isnull=False).exists()


def test_a_pasted_bounce_list_marks_those_deliveries(secretariat, sent):
    marked, unknown = services.record_bounces(
        actor=secretariat,
        newsletter=sent,
        text="WANG@example.com, 550 5.1.1 mailbox unavailable\nnobody@example.com\n",
    )

    assert (marked, unknown) == (1, ["nobody@example.com"])
    wang = Delivery.objects.get(email="wang@example.com")
    assert wang.bounced_at is not None and wang.bounce_reason == "550 5.1.1 mailbox unavailable"


def test_a_bounce_list_without_addresses_is_refused(client, secretariat, sent):
    client.force_login(secretariat)

    response = client.post(
        reverse("newsletters:bounces", args=[sent.pk]), {"addresses": "no address here"}
    )

    assert "没有找到电子邮件地址" in response.content.decode()
    assert not Delivery.objects.filter(bounced_at__isnull=False).exists()


def test_the_newsletter_page_shows_sent_opened_and_bounced(client, secretariat, sent):
    client.get(_pixel(_mail_to("zhao@example.com")))
    client.force_login(secretariat)
    client.post(
        reverse("newsletters:bounces", args=[sent.pk]),
        {"addresses": "Final-Recipient: rfc822; li@example.com"},
    )

    page = client.get(reverse("newsletters:edit", args=[sent.pk])).content.decode()

    assert re.search(r'data-testid="sent-count">3<', page)
    assert re.search(r'data-testid="opened-count">1<', page)
    assert re.search(r'data-testid="bounced-count">1<', page)
    assert "li@example.com" in page


def test_the_list_of_newsletters_shows_the_counts_in_the_same_queries(client, secretariat, sent):
    client.force_login(secretariat)

    def more():
        for number in (13, 14, 15):
            Newsletter.objects.create(category=sent.category, subject=f"协会动态第{number}期")

    def shows(page, n):
        assert 'data-testid="newsletter-counts"' in page

    assert_flat(client, reverse("newsletters:index"), more, shows=shows)


def test_a_bounced_address_is_not_written_to_again(secretariat, sent):
    services.record_bounces(actor=secretariat, newsletter=sent, text="li@example.com")
    mail.outbox.clear()
    second = Newsletter.objects.create(category=sent.category, subject="协会动态第13期")

    services.queue(actor=None, newsletter=second)
    services.send_all(second.pk)

    assert sorted(m.to[0] for m in mail.outbox) == ["wang@example.com", "zhao@example.com"]

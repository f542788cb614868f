from django.urls import reverse

from qualitymonth.events.models import Commitment


def sign_on_page(client, n, **values):
    data = {"name": f"市民{n}", "pledge": f"第{n}条质量承诺：认准正规渠道。", **values}
    return client.post(reverse("events:wall"), data, REMOTE_ADDR="198.51.100.9")


def test_a_signature_is_thanked_and_waits_for_moderation(client, db):
    response = sign_on_page(client, 1, unit_name="演示企业")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "第1条质量承诺" not in page
    assert Commitment.objects.get().state == "pending"


def test_one_client_signing_too_often_is_asked_to_wait_and_nothing_is_stored(client, db, settings):
    settings.COMMITMENT_RATE = "5/h"
    for n in range(5):
        assert sign_on_page(client, n).status_code == 302
    refused = sign_on_page(client, 6)
    assert refused.status_code == 429
    assert "您的网络连接签名次数过多" in refused.content.decode()
    assert Commitment.objects.count() == 5
    other = client.post(
        reverse("events:wall"), {"name": "另一位", "pledge": "诚信经营。"}, REMOTE_ADDR="192.0.2.1"
    )
    assert other.status_code == 302


def test_a_robot_filling_the_hidden_field_is_refused(client, db):
    response = sign_on_page(client, 1, website="http://spam.example")
    assert response.status_code == 200
    assert not Commitment.objects.exists()


def test_an_over_long_pledge_is_shown_back_with_the_message(client, db):
    response = sign_on_page(client, 1, pledge="质" * 200)
    page = response.content.decode()
    assert "当前为200字" in page and "质" * 200 in page
    assert not Commitment.objects.exists()


def test_the_secretariat_shows_a_signature_and_it_appears_on_the_wall(client, secretariat):
    sign_on_page(client, 1)
    commitment = Commitment.objects.get()
    client.force_login(secretariat)
    client.post(reverse("events:moderate", args=[commitment.pk]), {"state": "shown"})
    assert "第1条质量承诺" in client.get(reverse("events:wall")).content.decode()


def test_only_the_secretariat_moderates(client, db, citizen):
    sign_on_page(client, 1)
    commitment = Commitment.objects.get()
    client.force_login(citizen)
    response = client.post(reverse("events:moderate", args=[commitment.pk]), {"state": "shown"})
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.state == "pending"

"""The commitment wall kept for anonymous readers (core/cache.py): each visitor signs with a
CSRF token of their own, a shown signature appears at once, a second read asks the database
nothing, an event's wall is its own page and closes when the event ends, and a signed-in reader
never gets the visitors' page nor they theirs."""

import datetime

import pytest
from django.utils import timezone

from conftest import Client
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import page_cache, queries_to_read, read
from qualitymonth.events import services
from qualitymonth.events.models import Commitment

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
__all__ = ["page_cache"]
URL = "/events/commitments/"


def shown(secretariat, pledge, event=None):
    commitment = services.sign_commitment(
        actor=None, name="市民", pledge=pledge, event=event, client="test"
    )
    services.moderate_commitment(actor=secretariat, commitment=commitment, state="shown")


def test_each_visitor_signs_with_their_own_token(each_cache, secretariat):
    for n in range(2):
        read(Client(), URL)  # fills the cache (again after the last signature shown)
        visitor = Client(enforce_csrf_checks=True)
        assert queries_to_read(visitor, URL) == 0  # served from the cache
        page = read(visitor, URL)
        token = page.split('name="csrfmiddlewaretoken" value="')[1][:64]
        assert "csrf-token" not in page and visitor.cookies["csrftoken"].value
        response = visitor.post(
            URL,
            {"csrfmiddlewaretoken": token, "name": f"市民{n}", "pledge": f"第{n}条质量承诺。"},
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        services.moderate_commitment(
            actor=secretariat, commitment=Commitment.objects.get(name=f"市民{n}"), state="shown"
        )
        assert f"第{n}条质量承诺" in read(Client(), URL)  # at once


def test_an_events_wall_is_its_own_page(each_cache, secretariat, lecture):
    lecture.is_published = True
    lecture.save()
    event = str(lecture.pk)
    read(Client(), URL)
    read(Client(), URL, event=event)
    assert queries_to_read(Client(), URL, event=event, made="up") == 0

    shown(secretariat, "讲堂上的承诺。", event=lecture)
    shown(secretariat, "全城的承诺。")

    on_the_event = read(Client(), URL, event=event)
    assert "讲堂上的承诺" in on_the_event and "全城的承诺" not in on_the_event
    assert "第八期质量大讲堂" in on_the_event
    assert "第八期质量大讲堂" not in read(Client(), URL)
    # An unknown event or a page past the last is answered, never kept.
    for query in ({"event": "999999"}, {"page": "7"}):
        read(Client(), URL, **query)
        assert queries_to_read(Client(), URL, **query) > 0


def test_an_events_signing_closes_when_it_ends_without_another_write(
    each_cache, monkeypatch, lecture
):
    lecture.is_published = True
    lecture.save()
    read(Client(), URL, event=str(lecture.pk))
    assert 'data-testid="commitment-form"' in read(Client(), URL, event=str(lecture.pk))

    later = timezone.now() + datetime.timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)

    page = read(Client(), URL, event=str(lecture.pk))
    assert 'data-testid="signing-closed"' in page and 'data-testid="commitment-form"' not in page


def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, secretariat):
    signed_in = Client()
    signed_in.force_login(secretariat)
    read(Client(), URL)  # the visitors' page is kept
    assert "/events/commitments/moderation/" in read(signed_in, URL)
    for page in (read(Client(), URL), read(Client(), URL)):
        assert "/events/commitments/moderation/" not in page

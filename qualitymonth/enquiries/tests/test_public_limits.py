"""A citizen who proved a case writes to it without signing in; those writes are counted per
connection, so a proved session cannot flood a case (each addition may carry six files)."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from qualitymonth.enquiries.models import CaseEvent
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.tests.conftest import COMPLAINT


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def proved_complaint(client, routing, categories, districts):
    [case] = file_submission(
        kinds=["complaint"],
        category=categories["glasses"],
        data={**COMPLAINT, "district": districts["huangpu"]},
        channel="web",
    )
    client.post(reverse("enquiries:track"), {"number": case.number, "phone": "138 1234 5678"})
    return case


@override_settings(ENQUIRY_TRACK_RATE="3/d", LANGUAGE_CODE="en")
def test_additions_past_the_budget_are_refused_with_429_and_not_stored(client, proved_complaint):
    url = reverse("enquiries:case_add", args=[proved_complaint.number])
    answers = [client.post(url, {"text": f"补充第{n}条。"}) for n in range(4)]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert "Too many attempts from your connection." in answers[-1].content.decode()
    assert "补充第3条。" not in [event.text for event in CaseEvent.objects.all()]
    assert CaseEvent.objects.filter(text__startswith="补充第").count() == 3


@override_settings(ENQUIRY_TRACK_RATE="1/d")
def test_a_rating_past_the_budget_is_refused_with_429(client, proved_complaint):
    url = reverse("enquiries:case_add", args=[proved_complaint.number])
    client.post(url, {"text": "补充。"})
    answer = client.post(
        reverse("enquiries:case_rate", args=[proved_complaint.number]), {"rating": "5"}
    )
    assert answer.status_code == 429
    proved_complaint.refresh_from_db()
    assert proved_complaint.rating is None

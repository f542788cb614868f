"""Contest certificates: for the first places (ties broken by time) and for anyone reaching
the score, issued once the contest closes, and verifiable by anyone on the public page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Client, make_person
from qualitymonth.core import certificates
from qualitymonth.training.models import Contest, ContestCertificate, ContestEntry
from qualitymonth.training.services.contests import issue_contest_certificates
from qualitymonth.training.tests.test_contests import _finished, contest  # noqa: F401


@pytest.fixture
def running(request):
    """The contests tests' contest, open now."""
    return request.getfixturevalue("contest")


def _close(running):
    Contest.objects.filter(pk=running.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    running.refresh_from_db()


def test_the_first_places_get_certificates_with_their_place_ties_by_time(running, trainer):
    slow = _finished(running, 1, score=4, seconds=300)
    fast = _finished(running, 2, score=4, seconds=120)
    _finished(running, 3, score=2, seconds=60)
    running.certificate_top = 2
    running.save()
    _close(running)

    issue_contest_certificates(actor=trainer, contest=running)

    ranks = dict(ContestCertificate.objects.values_list("entry_id", "rank"))
    assert ranks == {fast.pk: 1, slow.pk: 2}


def test_everyone_reaching_the_score_gets_a_certificate_without_a_place(running, trainer):
    entries = [_finished(running, n, score=s, seconds=100) for n, s in enumerate([4, 3, 2])]
    running.certificate_score = 75
    running.save()
    _close(running)

    issue_contest_certificates(actor=trainer, contest=running)

    certified = ContestCertificate.objects.order_by("entry_id")
    assert [c.entry_id for c in certified] == [entries[0].pk, entries[1].pk]
    assert {c.rank for c in certified} == {None}
    assert [str(c.percent) for c in certified] == ["100.0", "75.0"]


def test_no_certificates_before_the_contest_closes(running, trainer):
    _finished(running, 1, score=4, seconds=100)
    running.certificate_top = 3
    running.save()

    with pytest.raises(ValidationError):
        issue_contest_certificates(actor=trainer, contest=running)

    assert not ContestCertificate.objects.exists()


def test_issuing_again_adds_only_what_is_missing(running, trainer):
    _finished(running, 1, score=4, seconds=100)
    running.certificate_top = 3
    running.save()
    _close(running)
    issue_contest_certificates(actor=trainer, contest=running)

    again = issue_contest_certificates(actor=trainer, contest=running)

    assert again == []
    assert ContestCertificate.objects.count() == 1


def test_the_entrant_gets_the_qr_and_a_stranger_verifies_it(running, trainer, client):
    entry = _finished(running, 1, score=4, seconds=100)
    running.certificate_top = 1
    running.save()
    _close(running)
    [certificate] = issue_contest_certificates(actor=trainer, contest=running)
    client.force_login(entry.attempt.user)

    contest_page = client.get(f"/training/contests/{running.key}/").content.decode()
    assert certificate.serial in contest_page
    own = client.get(f"/training/certificates/{certificate.serial}/").content.decode()
    assert "<svg" in own
    client.logout()
    public = client.get(certificates.verify_path(certificate.serial)).content.decode()
    assert "质量知识竞赛" in public and "entrant-1" in public
    client.force_login(make_person("stranger"))
    assert client.get(f"/training/certificates/{certificate.serial}/").status_code == 404


def test_an_entrant_finds_their_entry_and_certificate_on_the_contest_page(running, trainer):
    first = _finished(running, 1, score=4, seconds=100)
    second = _finished(running, 2, score=1, seconds=100)
    running.certificate_top = 1
    running.save()
    _close(running)
    issue_contest_certificates(actor=trainer, contest=running)
    serial = ContestCertificate.objects.get(entry=first).serial
    pages = {}
    for entry in (first, second):
        client = Client()
        client.force_login(ContestEntry.objects.get(pk=entry.pk).attempt.user)
        pages[entry.pk] = client.get(f"/training/contests/{running.key}/").content.decode()

    assert f'href="/training/attempts/{first.attempt_id}/"' in pages[first.pk]
    assert 'data-testid="contest-certificate"' in pages[first.pk] and serial in pages[first.pk]
    assert f'href="/training/attempts/{second.attempt_id}/"' in pages[second.pk]
    assert 'data-testid="contest-certificate"' not in pages[second.pk]

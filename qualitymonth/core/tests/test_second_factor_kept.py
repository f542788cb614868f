"""Whether a session must pass the second factor first is kept per person (twofactor.step_for):
asked of the database once, then again as soon as an authenticator or a position changes, and
never one person's answer for another's. Sessions here are signed in without the second factor
(django.test.Client), as after the password step."""

import django.test
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import page_cache, read  # noqa: F401
from qualitymonth.organizations.models import Position, Role

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis

PAGE = "/units/"


def _signed_in(user) -> django.test.Client:
    client = django.test.Client()
    client.force_login(user)
    return client


def _second_factor_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        read(client, PAGE)
    return [
        query["sql"]
        for query in context.captured_queries
        if "otp_totp_totpdevice" in query["sql"] or "organizations_position" in query["sql"]
    ]


@pytest.mark.django_db
def test_a_kept_step_asks_the_database_nothing_of_devices_or_positions(
    each_cache, enterprise_reporter
):
    client = _signed_in(enterprise_reporter)
    read(client, PAGE)

    assert _second_factor_queries(client) == []


@pytest.mark.django_db
def test_an_authenticator_added_sends_the_open_session_to_verification_at_once(
    each_cache, enterprise_reporter
):
    client = _signed_in(enterprise_reporter)
    read(client, PAGE)

    TOTPDevice.objects.create(user=enterprise_reporter, name="authenticator", confirmed=True)

    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))


@pytest.mark.django_db
def test_a_role_that_needs_the_second_factor_sends_the_open_session_to_enrolment(
    each_cache, enterprise_reporter, association
):
    client = _signed_in(enterprise_reporter)
    read(client, PAGE)

    Position.objects.create(user=enterprise_reporter, unit=association, role=Role.SECRETARIAT)

    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))


@pytest.mark.django_db
def test_one_persons_kept_step_is_never_anothers(each_cache, enterprise_reporter, secretariat):
    free = _signed_in(enterprise_reporter)
    read(free, PAGE)
    bound = _signed_in(secretariat)

    assert bound.get(PAGE).url.startswith(reverse("two_factor_setup"))
    assert free.get(PAGE).status_code == 200
    assert bound.get(PAGE).url.startswith(reverse("two_factor_setup"))

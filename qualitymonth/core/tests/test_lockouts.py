"""Lockouts are listed and lifted by the secretariat on the web and by `qualitymonth unlock`,
with the local-memory cache and with Redis alike."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import make_person
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.sign_in_support import (
    each_cache,  # noqa: F401 (a fixture)
    is_signed_in,
    sign_in,
)
from tests.answers import assert_not_allowed, assert_not_found
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6


def lock_user_name(client, username):
    for n in range(3):
        sign_in(client, username, "wrong", address=f"198.51.100.{n}")
    assert sign_in(client, username).status_code == 429


def lock_address(client, address):
    for n in range(6):
        sign_in(client, f"target-{n}", "wrong", address=address)


def locked_rows(staff) -> str:
    page = staff.get(reverse("lockouts")).content.decode()
    if 'data-testid="lockouts"' not in page:
        return ""
    return page.split('data-testid="lockouts"', 1)[1].split("</table>")[0]


@pytest.mark.usefixtures("each_cache")
def test_the_secretariat_lifts_a_user_name_lockout_from_the_web(
    client, django_user_model, secretariat, limits
):
    make_person("reporter")
    person = django_user_model.objects.create_user("locked-reporter", password="a-Long-pass-4321")
    lock_user_name(client, person.username)
    lock_address(client, "203.0.113.50")

    staff = client.__class__()
    staff.force_login(secretariat)
    page = staff.get(reverse("lockouts")).content.decode()
    assert "locked-reporter" in page
    assert "203.0.113.50" in page
    assert "data-confirm" in page

    response = staff.post(
        reverse("lift_lockout"), {"kind": "username", "value": "locked-reporter"}, follow=True
    )
    assert "locked-reporter" in response.content.decode()  # the message: sign-in is open again
    assert "locked-reporter" not in locked_rows(staff)
    assert "203.0.113.50" in locked_rows(staff)
    assert sign_in(client, "locked-reporter", address="198.51.100.1").status_code == 302
    assert is_signed_in(client)
    entry = AuditEntry.objects.get(action="sign_in.lockout_lift")
    assert entry.actor == secretariat
    # Three wrong passwords and the refused right one.
    assert entry.changes == {"username": "locked-reporter", "failures": 4}


@pytest.mark.usefixtures("each_cache")
def test_the_secretariat_lifts_an_address_lockout_from_the_web(client, secretariat, limits):
    make_person("reporter")
    lock_address(client, "203.0.113.50")
    assert sign_in(client, "reporter", address="203.0.113.50").status_code == 429
    staff = client.__class__()
    staff.force_login(secretariat)
    staff.post(reverse("lift_lockout"), {"kind": "address", "value": "203.0.113.50"})
    assert "203.0.113.50" not in locked_rows(staff)
    assert sign_in(client, "reporter", address="203.0.113.50").status_code == 302


def test_only_the_secretariat_sees_and_lifts_lockouts(client, enterprise_admin, limits):
    lock_user_name(client, "someone")
    other = client.__class__()
    other.force_login(enterprise_admin)
    assert_not_allowed(other.get(reverse("lockouts")), "someone")
    assert_not_allowed(
        other.post(reverse("lift_lockout"), {"kind": "username", "value": "someone"})
    )
    assert sign_in(client, "someone", address="198.51.100.1").status_code == 429


def test_a_malformed_lift_request_answers_not_found(client, secretariat):
    client.force_login(secretariat)
    assert_not_found(client.post(reverse("lift_lockout"), {"kind": "everything", "value": "x"}))


def unlock(*args):
    out = StringIO()
    call_command("unlock", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("each_cache")
def test_the_unlock_command_lifts_a_user_name(client, limits):
    make_person("reporter")
    lock_user_name(client, "reporter")
    unlock("--username", "reporter")
    assert sign_in(client, "reporter", address="198.51.100.2").status_code == 302
    assert AuditEntry.objects.filter(action="sign_in.lockout_lift", actor=None).count() == 1


@pytest.mark.usefixtures("each_cache")
def test_the_unlock_command_lifts_an_address(client, limits):
    make_person("reporter")
    lock_address(client, "203.0.113.50")
    unlock("--address", "203.0.113.50")
    assert sign_in(client, "reporter", address="203.0.113.50").status_code == 302


@pytest.mark.usefixtures("each_cache")
def test_the_unlock_command_lifts_every_lockout(client, limits):
    make_person("reporter")
    make_person("other")
    lock_user_name(client, "reporter")
    lock_address(client, "203.0.113.50")
    unlock("--all")
    assert sign_in(client, "reporter", address="198.51.100.2").status_code == 302
    assert sign_in(client, "other", address="203.0.113.50").status_code == 302


def test_the_unlock_command_needs_to_be_told_what_to_lift():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("unlock")


def test_the_secretariats_profile_links_to_the_lockouts(client, secretariat, enterprise_admin):
    client.force_login(secretariat)
    assert reverse("lockouts") in client.get(reverse("profile")).content.decode()
    client.force_login(enterprise_admin)
    assert reverse("lockouts") not in client.get(reverse("profile")).content.decode()


def test_the_lockout_list_is_flat_in_the_number_of_lockouts(client, secretariat, limits):
    lock_user_name(client, "first-locked")
    staff = client.__class__()
    staff.force_login(secretariat)

    def add():
        for n in range(6):
            lock_user_name(client, f"also-locked-{n}")

    def shows(page, size):
        assert "first-locked" in page
        if size == "many":
            assert "also-locked-5" in page

    assert_flat(staff, reverse("lockouts"), add, shows=shows)

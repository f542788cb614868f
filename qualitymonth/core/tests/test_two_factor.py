"""The second factor: required of the secretariat and case handlers (enrolment first, nothing
else until done), asked of everyone who has it, with recovery codes that work once."""

import re
import time

import django.test
import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import make_person
from qualitymonth.core.services import create_api_token
from qualitymonth.core.tests.sign_in_support import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    """A client that signs in through the pages only (no shortcut past the second factor)."""
    return django.test.Client()


def code_for(device) -> str:
    """What the person's authenticator app shows now."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time()
    return str(generator.token()).zfill(device.digits)


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    recovery.token_set.create(token="abcd2345")
    return device


def test_the_secretariat_signing_in_is_sent_to_enrolment(browser, secretariat):
    response = sign_in(browser, "secretariat")
    follow = browser.get(response.url)
    assert follow.status_code == 302
    assert follow.url.startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("path", ["/units/", "/accounts/profile/", "/admin/", "/enquiries/desk/"])
def test_a_required_person_without_a_device_can_do_nothing_else(browser, secretariat, path):
    sign_in(browser, "secretariat")
    response = browser.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))


def test_a_case_handler_must_enrol_too(browser, huangpu_bureau):
    make_person("handler", unit=huangpu_bureau, role="case_handler")
    sign_in(browser, "handler")
    assert browser.get("/units/").url.startswith(reverse("two_factor_setup"))


def test_enrolment_shows_a_qr_code_and_the_secret_and_a_code_confirms_it(browser, secretariat):
    sign_in(browser, "secretariat")
    page = browser.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    from base64 import b32decode

    assert b32decode(secret.replace(" ", "")) == device.bin_key

    response = browser.post(reverse("two_factor_setup"), {"code": code_for(device)})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    # The session is verified: the rest of the platform opens.
    assert browser.get("/units/").status_code == 200
    assert browser.get(reverse("two_factor_setup")).status_code == 200
    assert (
        'data-testid="two-factor-on"' in browser.get(reverse("two_factor_setup")).content.decode()
    )


def test_a_wrong_code_does_not_complete_enrolment(browser, secretariat):
    sign_in(browser, "secretariat")
    browser.get(reverse("two_factor_setup"))
    page = browser.post(reverse("two_factor_setup"), {"code": "000000"}).content.decode()
    assert "代码无效" in page
    assert not TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()
    assert browser.get("/units/").status_code == 302


def test_a_person_with_a_device_enters_a_code_after_the_password(browser, secretariat):
    device = enrolled(secretariat)
    response = sign_in(browser, "secretariat")
    nxt = browser.get(response.url)
    assert nxt.url.startswith(reverse("two_factor_verify"))
    page = browser.get(nxt.url).content.decode()
    assert "两步验证" in page
    response = browser.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "/units/"}
    )
    assert response.url == "/units/"
    assert browser.get("/units/").status_code == 200


def test_a_wrong_code_is_refused(browser, secretariat):
    enrolled(secretariat)
    sign_in(browser, "secretariat")
    page = browser.post(reverse("two_factor_verify"), {"code": "123456"}).content.decode()
    assert "代码无效" in page or "错误代码太多" in page
    assert browser.get("/units/").url.startswith(reverse("two_factor_verify"))


def test_a_recovery_code_works_once(browser, secretariat):
    enrolled(secretariat)
    sign_in(browser, "secretariat")
    response = browser.post(reverse("two_factor_verify"), {"code": "ABCD 2345", "next": "/units/"})
    assert response.url == "/units/"
    assert browser.get("/units/").status_code == 200

    again = django.test.Client()
    sign_in(again, "secretariat")
    page = again.post(reverse("two_factor_verify"), {"code": "abcd2345"}).content.decode()
    assert "代码无效" in page
    assert again.get("/units/").url.startswith(reverse("two_factor_verify"))


def test_others_sign_in_with_the_password_alone(browser, enterprise_reporter):
    sign_in(browser, "sgm-reporter")
    assert browser.get(reverse("profile")).status_code == 200


def test_others_may_turn_it_on_and_off(browser, enterprise_reporter):
    sign_in(browser, "sgm-reporter")
    page = browser.get(reverse("two_factor_setup")).content.decode()
    assert "two-factor-required" not in page
    device = TOTPDevice.objects.get(user=enterprise_reporter)
    browser.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert TOTPDevice.objects.get(user=enterprise_reporter).confirmed
    browser.post(reverse("two_factor_setup"), {"action": "remove"})
    assert not TOTPDevice.objects.filter(user=enterprise_reporter).exists()
    assert not StaticDevice.objects.filter(user=enterprise_reporter).exists()


def test_the_secretariat_cannot_turn_it_off(client, secretariat):
    client.force_login(secretariat)
    client.post(reverse("two_factor_setup"), {"action": "remove"})
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()


def test_an_unverified_session_is_signed_out_for_the_api(browser, secretariat):
    sign_in(browser, "secretariat")
    assert browser.get("/api/me").status_code == 401


def test_api_tokens_work_without_the_second_factor(browser, secretariat):
    enrolled(secretariat)
    _token, key = create_api_token(user=secretariat, name="nightly")
    response = browser.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["username"] == "secretariat"


def test_the_admin_asks_for_the_second_factor(browser, secretariat):
    secretariat.is_staff = True
    secretariat.save()
    enrolled(secretariat)
    sign_in(browser, "secretariat")
    response = browser.get("/admin/")
    assert response.url.startswith(reverse("two_factor_verify"))


def test_the_requirement_can_be_switched_off_for_a_demo(browser, secretariat, settings):
    settings.OTP_REQUIRED = False
    sign_in(browser, "secretariat")
    assert browser.get("/units/").status_code == 200


def test_the_profile_links_to_two_step_verification(client, enterprise_reporter):
    client.force_login(enterprise_reporter)
    assert reverse("two_factor_setup") in client.get(reverse("profile")).content.decode()

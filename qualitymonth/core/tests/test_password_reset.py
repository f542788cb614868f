"""Password reset by e-mail: a link that works once and expires; the request page says the same
whether or not an account has the address, and is budgeted per client."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from conftest import make_person
from qualitymonth.core.tests.sign_in_support import is_signed_in, sign_in

pytestmark = pytest.mark.django_db

NEW = "another-Long-pass-9876"


@pytest.fixture(autouse=True)
def _fresh_budgets(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://quality.example.gov.cn"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reporter(db):
    person = make_person("reporter")
    person.email = "li.ming@example.gov.cn"
    person.save()
    return person


def ask_for_link(client, email, address="192.0.2.10"):
    return client.post(
        reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, follow=True
    )


def link_in_mail() -> str:
    found = re.search(
        r"https://quality\.example\.gov\.cn(/accounts/password/reset/\S+/)", mail.outbox[-1].body
    )
    return found.group(1)


def set_password(client, link, password=NEW):
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def test_the_sign_in_page_links_to_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_person_gets_a_link_by_e_mail_and_sets_a_new_password(client, reporter):
    response = ask_for_link(client, "Li.Ming@example.gov.cn")
    assert "请查收电子邮件" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["li.ming@example.gov.cn"]
    # The link starts with SITE_URL, not with the Host the request came with.
    page = set_password(client, link_in_mail()).content.decode()
    assert "reset-link-invalid" not in page
    reporter.refresh_from_db()
    assert reporter.check_password(NEW)
    assert sign_in(client, "reporter", NEW).status_code == 302


def test_the_page_says_the_same_for_an_unknown_address(client, reporter):
    known = ask_for_link(client, "li.ming@example.gov.cn").content.decode()
    unknown = ask_for_link(client, "nobody@example.gov.cn").content.decode()
    assert len(mail.outbox) == 1
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(known) == strip(unknown)


def test_a_link_works_once(client, reporter):
    ask_for_link(client, reporter.email)
    link = link_in_mail()
    set_password(client, link)
    page = set_password(client, link, "a-third-Long-pass-5555").content.decode()
    assert "reset-link-invalid" in page
    reporter.refresh_from_db()
    assert reporter.check_password(NEW)


def test_a_link_older_than_the_timeout_is_refused(client, reporter, settings):
    ask_for_link(client, reporter.email)
    link = link_in_mail()
    # The token carries the second it was made; with no time allowed, that second is past.
    settings.PASSWORD_RESET_TIMEOUT = -1
    page = client.get(link, follow=True).content.decode()
    assert "reset-link-invalid" in page
    reporter.refresh_from_db()
    assert reporter.check_password("a-Long-pass-4321")


def test_requests_are_budgeted_per_client(client, reporter, settings):
    settings.PASSWORD_RESET_RATE = "3/h"
    for n in range(3):
        ask_for_link(client, f"someone-{n}@example.gov.cn")
    response = ask_for_link(client, reporter.email)
    assert response.status_code == 429
    assert "请求新密码的次数过多" in response.content.decode()
    assert mail.outbox == []
    # Another client still may.
    ask_for_link(client, reporter.email, address="198.51.100.7")
    assert len(mail.outbox) == 1


def test_requests_are_budgeted_per_e_mail_address(client, reporter, settings):
    settings.PASSWORD_RESET_RATE = "2/h"
    for n in range(2):
        ask_for_link(client, reporter.email, address=f"198.51.100.{n}")
    assert ask_for_link(client, reporter.email, address="198.51.100.9").status_code == 429
    assert len(mail.outbox) == 2


def test_a_new_password_by_e_mail_revokes_api_tokens_and_ends_sessions(client, reporter):
    from qualitymonth.core.services import create_api_token

    _token, key = create_api_token(user=reporter, name="script")
    other = client.__class__()
    other.force_login(reporter)
    ask_for_link(client, reporter.email)
    set_password(client, link_in_mail())
    answer = other.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 401
    assert other.get(reverse("profile")).status_code == 302
    assert not is_signed_in(other)

"""Failed sign-ins are counted per user name (from any address) and per address (on any user
name); behind trusted proxies the client's address comes from X-Forwarded-For."""

import pytest
from django.test import RequestFactory

from conftest import make_person
from qualitymonth.core.clients import client_address, over_limit
from qualitymonth.core.tests.sign_in_support import is_signed_in, sign_in

pytestmark = pytest.mark.django_db

LOCKED = "登录失败次数过多"


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    return settings


def test_one_address_trying_one_password_on_many_accounts_is_locked_out(client, limits):
    people = [make_person(f"person-{n}") for n in range(8)]
    answers = [sign_in(client, p.username, "Spring2026!").status_code for p in people[:6]]
    assert answers == [200] * 5 + [429]
    # Every user name was tried once only; the address has spent its budget all the same.
    response = sign_in(client, people[7].username)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not is_signed_in(client)


def test_the_address_limit_is_higher_than_one_user_names(client, limits):
    make_person("reporter")
    for n in range(5):
        sign_in(client, f"nobody-{n}", "wrong")
    # Five typos from one office gateway on other names do not lock a colleague out.
    assert sign_in(client, "reporter").status_code == 302
    assert is_signed_in(client)


def test_many_addresses_trying_one_user_name_lock_that_user_name(client, limits):
    make_person("secretariat-wang")
    for n in range(3):
        sign_in(client, "secretariat-wang", "wrong", address=f"198.51.100.{n}")
    response = sign_in(client, "secretariat-wang", address="203.0.113.99")
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_a_user_name_lockout_leaves_other_people_at_that_address_alone(client, limits):
    make_person("victim")
    make_person("colleague")
    for n in range(3):
        sign_in(client, "victim", "wrong", address=f"198.51.100.{n}")
    assert sign_in(client, "colleague", address="198.51.100.1").status_code == 302


def test_signing_in_does_not_forget_the_addresss_failures_on_other_names(client, limits):
    make_person("sprayer")
    for n in range(5):
        sign_in(client, f"target-{n}", "wrong")
    sign_in(client, "sprayer")
    client.logout()
    response = sign_in(client, "target-9", "wrong")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_two_clients_are_told_apart(client, limits):
    limits.TRUSTED_PROXY_COUNT = 1
    make_person("reporter")
    balancer = "10.0.0.2"
    for n in range(6):
        sign_in(
            client, f"target-{n}", "wrong", address=balancer, HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
    assert (
        sign_in(
            client, "target-7", address=balancer, HTTP_X_FORWARDED_FOR="203.0.113.7"
        ).status_code
        == 429
    )
    response = sign_in(client, "reporter", address=balancer, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302
    assert is_signed_in(client)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, limits):
    make_person("reporter")
    # A client rotating X-Forwarded-For is still one address.
    for n in range(6):
        sign_in(client, f"target-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = sign_in(client, "reporter", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),
        (1, "203.0.113.7", "203.0.113.7"),
        # What the client wrote itself stands left of what the proxy appended.
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # Fewer hops than trusted proxies, or garbage: only the connection is known.
        (2, "203.0.113.7", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_the_client_address_follows_the_trusted_proxy_count(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_rate_limits_count_the_forwarded_client_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def attempt(client: str) -> bool:
        request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client)
        return over_limit(request, group="test.proxy", rate="1/h")

    assert [attempt("203.0.113.8"), attempt("203.0.113.8")] == [False, True]
    assert attempt("203.0.113.9") is False  # the same proxy, another client

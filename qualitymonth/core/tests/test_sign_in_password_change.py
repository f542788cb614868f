"""A password change revokes the person's API tokens and ends their other sessions (database
sessions without Redis, cache sessions with it); the session that changed it stays."""

import pytest
from django.urls import reverse

from conftest import make_person
from qualitymonth.core.models import ApiToken
from qualitymonth.core.services import create_api_token
from qualitymonth.core.tests.sign_in_support import (
    each_cache,  # noqa: F401 (a fixture)
    is_signed_in,
)

pytestmark = pytest.mark.django_db


def change_password(client):
    return client.post(
        reverse("password_change"),
        {
            "old_password": "a-Long-pass-4321",
            "new_password1": "another-Long-pass-9876",
            "new_password2": "another-Long-pass-9876",
        },
        follow=True,
    )


@pytest.mark.usefixtures("each_cache")
def test_a_password_change_revokes_the_persons_api_tokens(client):
    person = make_person("reporter")
    _token, key = create_api_token(user=person, name="nightly export")
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    client.force_login(person)
    page = change_password(client).content.decode()
    assert "API 令牌已随旧密码一起撤销" in page
    machine = client.__class__()
    answer = machine.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


@pytest.mark.usefixtures("each_cache")
def test_a_password_change_leaves_other_peoples_tokens_alone(client):
    person, other = make_person("reporter"), make_person("colleague")
    _token, key = create_api_token(user=other, name="script")
    client.force_login(person)
    change_password(client)
    assert client.__class__().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


@pytest.mark.usefixtures("each_cache")
def test_a_password_change_ends_the_persons_other_sessions(client):
    person = make_person("reporter")
    laptop = client.__class__()
    laptop.force_login(person)
    assert laptop.get(reverse("profile")).status_code == 200
    client.force_login(person)
    change_password(client)
    assert client.get(reverse("profile")).status_code == 200
    assert is_signed_in(client)
    response = laptop.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_password_set_by_the_secretariat_in_the_admin_revokes_the_tokens(client, secretariat):
    person = make_person("reporter")
    _token, key = create_api_token(user=person, name="nightly export")
    client.force_login(secretariat)
    client.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": "another-Long-pass-9876", "password2": "another-Long-pass-9876"},
    )
    person.refresh_from_db()
    assert person.check_password("another-Long-pass-9876")
    answer = client.__class__().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 401
    assert ApiToken.objects.get().revoked_at is not None

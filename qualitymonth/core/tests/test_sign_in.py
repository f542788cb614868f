from django.urls import reverse

from conftest import make_person


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_person_signs_in_with_their_password(client, db):
    make_person("reporter")
    response = sign_in(client, "reporter", "a-Long-pass-4321")
    assert response.status_code == 302
    assert client.get(reverse("profile")).context["user"].username == "reporter"


def test_a_wrong_password_is_refused_with_a_translated_message(client, db):
    make_person("reporter")
    html = sign_in(client, "reporter", "wrong").content.decode()
    assert "请输入一个正确的" in html


def test_failed_sign_ins_are_throttled(client, db, settings):
    make_person("reporter")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "reporter", "wrong")
    response = sign_in(client, "reporter", "a-Long-pass-4321")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_a_person_changes_their_password(client, db):
    person = make_person("reporter")
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-Long-pass-4321",
            "new_password1": "another-Long-pass-9876",
            "new_password2": "another-Long-pass-9876",
        },
    )
    assert response.url == reverse("password_change_done")
    person.refresh_from_db()
    assert person.check_password("another-Long-pass-9876")


def test_signing_out_takes_a_post(client, db):
    client.force_login(make_person("reporter"))
    client.get(reverse("logout"))
    assert "reporter" in client.get(reverse("profile")).content.decode()
    client.post(reverse("logout"))
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

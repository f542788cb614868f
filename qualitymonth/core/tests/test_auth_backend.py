"""The backend that signs people in with a password reads their row by SQL compiled once
(core/auth/backends.py): the person each request sees is the one the ORM would give, and
Django's rules for a session (an inactive person, a changed password) still hold."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_person
from qualitymonth.core.auth.backends import ModelBackend
from qualitymonth.core.tests.sign_in_support import sign_in
from qualitymonth.organizations.models import User


def test_a_password_sign_in_is_kept_by_this_backend(client, db):
    make_person("reporter")
    sign_in(client, "reporter")

    assert client.session[BACKEND_SESSION_KEY] == "qualitymonth.core.auth.backends.ModelBackend"
    assert client.get(reverse("profile")).context["user"].username == "reporter"


def test_the_person_read_is_the_one_the_orm_gives(db):
    person = make_person("reporter")
    User.objects.filter(pk=person.pk).update(
        display_name="李明", phone="+8613812345678", email="li@example.org"
    )

    read = ModelBackend().get_user(person.pk)
    expected = User.objects.get(pk=person.pk)

    fields = [field.attname for field in User._meta.concrete_fields]
    assert [getattr(read, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert read._state.adding is False  # saved as an existing row, not inserted again
    read.first_name = "明"
    read.save(update_fields=["first_name"])
    assert User.objects.get(pk=person.pk).first_name == "明"


def test_a_missing_or_inactive_person_is_nobody(db):
    person = make_person("reporter")
    User.objects.filter(pk=person.pk).update(is_active=False)

    assert ModelBackend().get_user(person.pk) is None
    assert ModelBackend().get_user(person.pk + 1000) is None


def test_a_deactivated_persons_session_is_signed_out(client, db):
    person = make_person("reporter")
    sign_in(client, "reporter")
    User.objects.filter(pk=person.pk).update(is_active=False)

    response = client.get(reverse("profile"))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_password_changed_elsewhere_signs_the_session_out(client, db):
    person = make_person("reporter")
    sign_in(client, "reporter")
    person.set_password("another-Long-pass-9876")
    person.save()

    response = client.get(reverse("profile"))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_each_request_reads_the_person_once(client, db):
    make_person("reporter")
    sign_in(client, "reporter")
    client.get(reverse("profile"))  # the SQL is compiled by the first

    with CaptureQueriesContext(connection) as context:
        client.get(reverse("profile"))

    reads = [q["sql"] for q in context.captured_queries if 'FROM "organizations_user"' in q["sql"]]
    assert len(reads) == 1, reads

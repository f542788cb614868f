"""The navigation's administration link: for the secretariat only, asked once a request."""

from django.test import RequestFactory

from qualitymonth.core.context_processors import navigation


def test_the_secretariat_sees_the_administration_link(client, secretariat):
    client.force_login(secretariat)
    assert 'href="/admin/"' in client.get("/units/").content.decode()


def test_others_do_not(client, bureau_admin):
    assert 'href="/admin/"' not in client.get("/units/").content.decode()
    client.force_login(bureau_admin)
    assert 'href="/admin/"' not in client.get("/units/").content.decode()


def test_the_permission_is_asked_once_however_often_templates_read_it(secretariat):
    asked = []
    has_perm = secretariat.has_perm
    secretariat.has_perm = lambda *args: asked.append(args) or has_perm(*args)
    request = RequestFactory().get("/")
    request.user = secretariat
    context = navigation(request)
    assert all(context["is_secretariat"]() for _ in range(6))
    assert len(asked) == 1

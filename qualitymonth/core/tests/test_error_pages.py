from django.test import Client
from django.urls import reverse


def test_a_missing_page_is_translated(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_page_is_translated(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.get(reverse("organizations:unit_create"))
    assert response.status_code == 403
    assert "您的角色无权进行此操作" in response.content.decode()


def test_the_server_error_page_is_translated_and_standalone(db):
    from django.test import RequestFactory

    from qualitymonth.core.views import error_500

    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "平台未能完成此次请求" in response.content.decode()


def test_a_form_without_csrf_token_gets_the_translated_page(db):
    client = Client(enforce_csrf_checks=True)
    # Signing out is a form with a token (the language switch has none: it only sets a cookie).
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()

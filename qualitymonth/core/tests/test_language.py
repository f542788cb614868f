from django.test import Client
from django.urls import reverse


def test_pages_are_in_simplified_chinese_by_default_whatever_the_browser_says(client, db):
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "质量月平台" in html


def test_a_reader_switches_to_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/units/"})
    assert response.url == "/units/"
    html = client.get("/units/").content.decode()
    assert "<h1>Unit directory</h1>" in html


def test_a_reader_switches_to_traditional_chinese(client, db):
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    html = client.get("/units/").content.decode()
    assert "<h1>單位名錄</h1>" in html


def test_an_unknown_language_is_refused_with_a_message(client, db):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "/units/"}, follow=True
    )
    html = response.content.decode()
    assert "本平台不提供“fr”语言" in html
    assert '<html lang="zh-hans">' in html


def test_the_switch_does_not_redirect_to_another_site(client, db):
    response = client.post(
        reverse("set_language"), {"language": "xx", "next": "https://elsewhere.example/"}
    )
    assert response.url == "/"


def test_api_clients_may_ask_for_a_language(client, db):
    response = client.get("/api/me", headers={"Accept-Language": "zh-Hant"})
    assert response.json()["detail"] == "請登入或提供 API 令牌。"


def test_an_anonymous_page_carries_no_csrf_token_and_sets_no_cookie(client, db):
    response = client.get("/units/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_the_switch_works_without_a_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/units/"})
    assert response.url == "/units/"
    assert "<h1>Unit directory</h1>" in client.get("/units/").content.decode()


def test_the_switch_does_not_redirect_to_another_site_by_a_relative_trick(client, db):
    for target in ("//elsewhere.example/", "/\\elsewhere.example/", "https://elsewhere.example/"):
        response = client.post(reverse("set_language"), {"language": "en", "next": target})
        assert response.url == "/", target
        assert response.cookies["qm_language"].value == "en"

"""Input no one could type gets a message, never a 500: control characters (a NUL byte above
all), integers past what a database holds, bodies larger than the platform accepts."""

import json

from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from qualitymonth.core.middleware import ControlCharacterMiddleware, RequestSizeLimitMiddleware
from qualitymonth.core.models import ApiToken
from qualitymonth.organizations.models import Unit
from qualitymonth.organizations.tests.test_unit_api import bearer, post_json

HUGE = str(2**63)
THIRTY_MB = str(30 * 1024 * 1024)


def test_a_nul_byte_in_an_api_body_is_refused_by_field_and_nothing_is_stored(client, secretariat):
    before = Unit.objects.count()
    response = post_json(
        client,
        "/api/units",
        {"kind": "enterprise", "key": "nul", "name": "上海\x00公司"},
        **bearer(secretariat),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "name", "message": "请删除此文本中的控制字符（如 NUL 字节）。"}
    ]
    assert Unit.objects.count() == before


def test_a_lone_surrogate_in_an_api_body_is_refused_by_field(client, secretariat):
    body = '{"kind": "enterprise", "key": "s", "name": "\\ud800"}'
    response = post_json(client, "/api/units", body, **bearer(secretariat))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


def test_tabs_and_line_breaks_are_ordinary_text(client, secretariat):
    response = post_json(
        client,
        "/api/units",
        {"kind": "enterprise", "key": "tabs", "name": "上海\t公司", "description": "一\r\n二"},
        **bearer(secretariat),
    )
    assert response.status_code == 201
    assert Unit.objects.get(key="tabs").description == "一\r\n二"


def test_a_nul_byte_in_a_public_query_parameter_is_a_field_error(client, db):
    response = client.get("/api/units", {"q": "黄浦\x00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_a_nul_byte_in_an_address_is_not_found(client, db):
    response = client.get("/api/awards/certificates/QC%00")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_a_nul_byte_in_a_pages_query_is_ignored_like_any_unusable_value(client, huangpu):
    response = client.get(reverse("organizations:unit_list"), {"q": "黄浦\x00"})
    assert response.status_code == 200


def test_invisible_controls_are_stripped_from_a_form_field(client, secretariat):
    client.force_login(secretariat)
    client.post(reverse("profile"), {"name": "区报\x0b送脚本\x1b"})
    assert ApiToken.objects.get().name == "区报送脚本"


def test_a_nul_byte_in_a_form_field_is_the_forms_message(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("profile"), {"name": "区报\x00送脚本"})
    assert "不能包含空字符（NUL）。" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_a_nul_byte_the_database_refuses_is_a_page_naming_the_field(db):
    def reads_the_field_itself(request):
        # A view that skips its form: PostgreSQL refuses the NUL.
        Unit.objects.filter(name=request.POST["name"]).exists()
        if connection.vendor == "sqlite":  # SQLite stores anything; refuse as PostgreSQL does
            raise ValueError("A string literal cannot contain NUL (0x00) characters.")
        return None

    middleware = ControlCharacterMiddleware(reads_the_field_itself)
    request = RequestFactory().post("/units/", {"name": "上海\x00"})
    try:
        reads_the_field_itself(request)
    except Exception as error:
        response = middleware.process_exception(request, error)
    assert response.status_code == 400
    assert "“name”" in response.content.decode()


def test_a_huge_integer_filter_on_the_unit_list_is_refused_by_name(client, huangpu):
    for name in ("parent", "district"):
        response = client.get("/api/units", {name: HUGE})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == name


def test_a_body_over_the_limit_is_refused_by_its_length_before_it_is_read(client, secretariat):
    # The declared length is 30 MB, the body one byte: reading it would fail loudly.
    response = client.generic(
        "POST",
        "/api/units",
        b"{",
        content_type="application/json",
        CONTENT_LENGTH=THIRTY_MB,
        headers=bearer(secretariat),
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "请求超过 25 MB。"}


def test_a_page_refuses_a_body_over_the_limit_with_a_translated_page(client, secretariat):
    client.force_login(secretariat)
    response = client.generic(
        "POST",
        reverse("profile"),
        b"name=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=THIRTY_MB,
    )
    assert response.status_code == 413
    assert "请求过大" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_the_limit_is_a_setting(settings, rf):
    settings.MAX_REQUEST_BYTES = 10
    middleware = RequestSizeLimitMiddleware(lambda request: None)
    request = rf.post("/api/units", json.dumps({"name": "x" * 20}), content_type="application/json")
    assert middleware(request).status_code == 413

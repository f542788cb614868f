import json

import pytest

from conftest import valid_credit_code
from qualitymonth.core.services import create_api_token
from qualitymonth.organizations.models import Unit


def post_json(client, url, payload, **headers):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(url, body, content_type="application/json", headers=headers)


def patch_json(client, url, payload, **headers):
    return client.patch(url, json.dumps(payload), content_type="application/json", headers=headers)


def bearer(user):
    _token, key = create_api_token(user=user, name="test")
    return {"Authorization": f"Bearer {key}"}


def test_anyone_lists_units_with_a_search(client, huangpu, enterprise):
    data = client.get("/api/units", {"q": "huangpu"}).json()
    assert data["count"] == 1
    assert data["items"][0]["name"] == "黄浦区"
    assert data["items"][0]["name_en"] == "Huangpu District"


def test_it_filters_units_by_kind(client, huangpu, enterprise):
    data = client.get("/api/units", {"kind": "enterprise"}).json()
    assert [item["key"] for item in data["items"]] == ["saic-gm"]


def test_an_unknown_kind_is_a_clear_error(client, db):
    response = client.get("/api/units", {"kind": "castle"}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


def test_contacts_are_hidden_from_anonymous_clients(client, huangpu_bureau):
    data = client.get(f"/api/units/{huangpu_bureau.pk}").json()
    assert data["contacts"] is None


def test_a_token_of_the_units_admin_shows_contacts(client, bureau_admin, huangpu_bureau):
    data = client.get(f"/api/units/{huangpu_bureau.pk}", headers=bearer(bureau_admin)).json()
    assert data["contacts"]["phone"] == "021-12345678"


def test_a_revoked_token_is_refused(client, bureau_admin, huangpu_bureau):
    from qualitymonth.core.services import revoke_api_token

    token, key = create_api_token(user=bureau_admin, name="script")
    revoke_api_token(actor=bureau_admin, token=token)
    response = client.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "API 令牌不存在或已被撤销。"


def test_me_requires_credentials(client, db):
    response = client.get("/api/me", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Sign in or send an API token."


def test_the_secretariat_creates_a_unit_with_a_valid_credit_code(client, secretariat):
    code = valid_credit_code("91310000MA1FL0000")
    response = post_json(
        client,
        "/api/units",
        {
            "kind": "enterprise",
            "key": "new-co",
            "name": "上海新质量科技有限公司",
            "credit_code": code,
        },
        **bearer(secretariat),
    )
    assert response.status_code == 201, response.content
    unit = Unit.objects.get(key="new-co")
    assert unit.credit_code == code
    assert unit.name_zh_hant == "上海新質量科技有限公司"


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"credit_code": "91350100M000100Y44"},
            "credit_code",
            "校验码（第 18 位）不符，请核对代码。",
        ),
        ({"name": "上汽通用汽车有限公司"}, None, "已存在同名单位。"),
        ({"kind": "castle"}, "kind", "选择一个有效的选项。 castle 不在可用的选项中。"),
    ],
    ids=["bad-credit-code", "duplicate-name", "unknown-kind"],
)
def test_bad_unit_payloads_get_translated_messages_naming_the_field(
    client, secretariat, enterprise, payload, field, message
):
    body = {"kind": "enterprise", "key": "another", "name": "另一家企业", **payload}
    response = post_json(client, "/api/units", body, **bearer(secretariat))
    assert response.status_code == 422
    assert {"field": field, "message": message} in response.json()["errors"]
    assert not Unit.objects.filter(key="another").exists()


def test_malformed_json_is_a_clear_error_not_a_crash(client, secretariat):
    response = post_json(client, "/api/units", "{not json", **bearer(secretariat))
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "请求内容不是有效的 JSON。"


def test_fields_of_the_wrong_type_are_named(client, secretariat):
    response = post_json(
        client, "/api/units", {"name": ["a"], "colour": "red"}, **bearer(secretariat)
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"name", "colour"}


def test_a_unit_admin_may_not_create_units(client, bureau_admin):
    response = post_json(
        client,
        "/api/units",
        {"kind": "other", "key": "x", "name": "某单位"},
        **bearer(bureau_admin),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "只有秘书处可以添加单位。"
    assert not Unit.objects.filter(key="x").exists()


def test_a_unit_admin_updates_their_unit(client, bureau_admin, huangpu_bureau):
    response = patch_json(
        client, f"/api/units/{huangpu_bureau.pk}", {"phone": "021-00000000"}, **bearer(bureau_admin)
    )
    assert response.status_code == 200, response.content
    huangpu_bureau.refresh_from_db()
    assert huangpu_bureau.phone == "021-00000000"


def test_another_units_admin_gets_404_on_update(client, enterprise_admin, huangpu_bureau):
    response = patch_json(
        client,
        f"/api/units/{huangpu_bureau.pk}",
        {"phone": "021-00000000"},
        **bearer(enterprise_admin),
    )
    assert response.status_code == 404
    huangpu_bureau.refresh_from_db()
    assert huangpu_bureau.phone == "021-12345678"


def test_the_openapi_schema_describes_the_unit_endpoints(client, db):
    schema = client.get("/api/openapi.json").json()
    assert "/api/units" in schema["paths"]
    assert "/api/units/{unit_id}" in schema["paths"]


def test_the_interactive_docs_load_nothing_from_outside(client, db):
    html = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html

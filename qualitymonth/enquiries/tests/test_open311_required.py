"""Open311: what a service definition marks required is what filing needs. A client that fills
exactly the required attributes files a case; leaving one out is refused, naming it."""

import json

import pytest
from django.core.cache import cache

from qualitymonth.core.services import create_api_token
from qualitymonth.enquiries.models import Case, Category
from qualitymonth.enquiries.statuses import Kind

BASE = "/open311/v2"
SAMPLE = {"number": "12.5", "datetime": "2026-09-01T10:00:00+08:00"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def services(routing, categories, association):
    """Every combination of tracks the demo's categories use, one with a question of its own."""
    combos = {
        "product-complaint": [Kind.COMPLAINT, Kind.REPORT],
        "service-complaint": [Kind.COMPLAINT],
        "violation-report": [Kind.REPORT],
        "eyeglasses-99": [Kind.CONSULTATION, Kind.COMPLAINT],
    }
    for position, (code, kinds) in enumerate(combos.items(), start=10):
        Category.objects.create(code=code, name=code, kinds=kinds, position=position)
    Category.objects.filter(code="product-complaint").update(
        attributes=[
            {
                "code": "product_category",
                "datatype": "singlevaluelist",
                "required": True,
                "description": "商品类别",
                "values": [{"key": "appliance", "name": "家用电器"}],
            }
        ]
    )
    return [category.code for category in Category.objects.filter(is_active=True)]


def base_body(api_key, code):
    """The specification's own parameters, which every client sends."""
    return {
        "api_key": api_key,
        "service_code": code,
        "description": "商家拒绝退货。",
        "lat": "31.2304",
        "long": "121.4737",
        "first_name": "小明",
        "last_name": "王",
        "phone": "13812345678",
        "email": "wang@example.org",
    }


def required_answers(definition) -> dict:
    answers = {}
    for attribute in definition["attributes"]:
        if attribute["required"]:
            values = [value["key"] for value in attribute["values"]]
            answer = values[0] if values else SAMPLE.get(attribute["datatype"], "某某")
            answers[f"attribute[{attribute['code']}]"] = answer
    return answers


def test_filling_exactly_the_required_attributes_files_a_case_for_every_service(
    client, services, citizen
):
    api_key = create_api_token(user=citizen, name="app")[1]
    for code in services:
        definition = json.loads(client.get(f"{BASE}/services/{code}.json").content)
        body = {**base_body(api_key, code), **required_answers(definition)}
        response = client.post(f"{BASE}/requests.json", body)
        assert response.status_code == 200, (code, response.content.decode())
        (row,) = json.loads(response.content)
        assert Case.objects.get(number=row["service_request_id"]).category.code == code


def test_leaving_out_a_required_attribute_is_refused_naming_it(client, services, citizen):
    api_key = create_api_token(user=citizen, name="app")[1]
    checked = 0
    for code in services:
        definition = json.loads(client.get(f"{BASE}/services/{code}.json").content)
        answers = required_answers(definition)
        for name in answers:
            body = {**base_body(api_key, code), **answers}
            del body[name]
            response = client.post(f"{BASE}/requests.json", body)
            assert response.status_code == 400, (code, name)
            text = " ".join(error["description"] for error in json.loads(response.content))
            assert name in text, (code, name, text)
            checked += 1
    assert checked >= 5  # the complaint track's business, address and request at least
    assert not Case.objects.exists()


def test_the_definition_says_which_other_tracks_need_an_attribute(client, services):
    definition = json.loads(client.get(f"{BASE}/services/eyeglasses-99.json").content)
    attributes = {a["code"]: a for a in definition["attributes"]}
    # Filed as a question unless the client chooses: the business is needed only for a complaint.
    assert attributes["track"]["required"] is False
    assert "咨询" in attributes["track"]["datatype_description"]
    assert attributes["business_name"]["required"] is False
    assert "投诉" in attributes["business_name"]["datatype_description"]

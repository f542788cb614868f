"""Open311 GeoReport v2 at /open311/v2/: the specification's names, formats and errors, filing
through the routing table, and nothing personal ever published."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from qualitymonth.core.services import create_api_token, revoke_api_token
from qualitymonth.enquiries.models import Case, CaseEvent, EventKind
from qualitymonth.enquiries.services.handling import change_status
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.tests.conftest import COMPLAINT

BASE = "/open311/v2"
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_key(citizen):
    return create_api_token(user=citizen, name="FixMyStreet")[1]


def file(categories, districts, *, kind="complaint", publish=True, days_ago=1, **extra):
    data = {
        **COMPLAINT,
        "district": districts["huangpu"],
        "consents_to_publish": publish,
        "latitude": 31.234567,
        "longitude": 121.476543,
        **extra,
    }
    now = timezone.now() - datetime.timedelta(days=days_ago)
    return file_submission(
        kinds=[kind], category=categories["glasses"], data=data, channel="web", now=now
    )[0]


@pytest.fixture
def published(routing, categories, districts):
    return file(categories, districts)


@pytest.fixture
def private(routing, categories, districts):
    return file(categories, districts, publish=False)


def as_json(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def as_xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def assert_error(response, status, fmt="xml"):
    assert response.status_code == status
    if fmt == "json":
        errors = as_json(response)
        assert errors and all(error["code"] == status for error in errors)
        return " ".join(error["description"] for error in errors)
    root = as_xml(response)
    assert root.tag == "errors"
    assert [error.findtext("code") for error in root.findall("error")] == [str(status)] * len(
        root.findall("error")
    )
    return " ".join(error.findtext("description") for error in root.findall("error"))


# --- discovery and services --------------------------------------------------------------


def test_discovery_names_the_endpoint_and_both_formats(client, db):
    found = as_json(client.get(f"{BASE}/discovery.json"))
    assert set(found) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["type"] in ("production", "test")

    root = as_xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/specification") == endpoint["specification"]
    formats = [f.text for f in root.findall("endpoints/endpoint/formats/format")]
    assert formats == ["text/xml", "application/json"]


def test_services_list_the_offered_categories(client, categories):
    categories["standards"].is_active = False
    categories["standards"].save()
    categories["glasses"].keywords = "眼镜,验光"
    categories["glasses"].group = "商品质量"
    categories["glasses"].save()

    services = as_json(client.get(f"{BASE}/services.json"))
    assert [s["service_code"] for s in services] == ["eyeglasses"]
    assert services[0] == {
        "service_code": "eyeglasses",
        "service_name": "眼镜质量",
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "眼镜,验光",
        "group": "商品质量",
    }

    root = as_xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    (service,) = root.findall("service")
    assert [child.tag for child in service] == list(services[0])
    assert service.findtext("metadata") == "true"


def test_definition_offers_the_tracks_the_category_takes(client, categories, districts):
    categories["glasses"].attributes = [
        {
            "code": "lens",
            "datatype": "singlevaluelist",
            "required": True,
            "description": "镜片类型",
            "values": [{"key": "single", "name": "单光"}, {"key": "progressive", "name": "渐进"}],
        }
    ]
    categories["glasses"].save()

    found = as_json(client.get(f"{BASE}/services/eyeglasses.json"))
    assert found["service_code"] == "eyeglasses"
    attributes = {a["code"]: a for a in found["attributes"]}
    assert [a["order"] for a in found["attributes"]] == list(range(1, len(attributes) + 1))
    assert found["attributes"][0]["code"] == "track"
    track = attributes["track"]
    # It may be left out (the first track is taken), so it is not marked required.
    assert track["datatype"] == "singlevaluelist" and track["required"] is False
    assert [v["key"] for v in track["values"]] == ["consultation", "complaint", "report"]
    assert attributes["lens"]["required"] is True
    assert [v["key"] for v in attributes["lens"]["values"]] == ["single", "progressive"]
    assert {"business_name", "business_address", "request", "postal_address"} <= set(attributes)
    assert {v["key"] for v in attributes["district"]["values"]} == {"huangpu", "xuhui"}
    assert set(track) == {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    }

    root = as_xml(client.get(f"{BASE}/services/eyeglasses.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "eyeglasses"
    first = root.find("attributes/attribute")
    assert first.findtext("code") == "track" and first.findtext("required") == "false"
    keys = [v.findtext("key") for v in first.findall("values/value")]
    assert keys == ["consultation", "complaint", "report"]


def test_a_one_track_category_has_no_track_to_choose(client, categories, districts):
    found = as_json(client.get(f"{BASE}/services/standards.json"))
    codes = [a["code"] for a in found["attributes"]]
    assert "track" not in codes and "business_name" not in codes
    assert "district" in codes


def test_unknown_service_is_404_in_both_formats(client, categories):
    assert_error(client.get(f"{BASE}/services/nothing.xml"), 404)
    assert_error(client.get(f"{BASE}/services/nothing.json"), 404, "json")


# --- reading requests ----------------------------------------------------------------------


def test_request_list_has_the_specifications_fields(client, published, bureaus):
    (row,) = as_json(client.get(f"{BASE}/requests.json"))
    assert list(row) == REQUEST_FIELDS
    assert row["service_request_id"] == published.number
    assert row["status"] == "open"
    assert row["service_code"] == "eyeglasses"
    assert row["agency_responsible"] == bureaus["huangpu"].name
    assert row["address"] == "黄浦区"
    assert (row["lat"], row["long"]) == (31.235, 121.477)
    assert row["requested_datetime"].endswith("+08:00")
    assert datetime.datetime.fromisoformat(
        row["expected_datetime"]
    ) > datetime.datetime.fromisoformat(row["requested_datetime"])

    root = as_xml(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == published.number


def test_one_request_is_a_list_of_one(client, published):
    rows = as_json(client.get(f"{BASE}/requests/{published.number}.json"))
    assert [row["service_request_id"] for row in rows] == [published.number]
    root = as_xml(client.get(f"{BASE}/requests/{published.number}.xml"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [published.number]


def test_cases_without_consent_are_never_published(client, published, private):
    numbers = [row["service_request_id"] for row in as_json(client.get(f"{BASE}/requests.json"))]
    assert numbers == [published.number]
    by_id = client.get(f"{BASE}/requests.json", {"service_request_id": private.number})
    assert as_json(by_id) == []
    assert_error(client.get(f"{BASE}/requests/{private.number}.xml"), 404)
    assert_error(client.get(f"{BASE}/requests/{private.number}.json"), 404, "json")
    assert_error(client.get(f"{BASE}/requests/TS000.json"), 404, "json")


def test_no_personal_data_in_any_output(client, routing, categories, districts):
    case = file(
        categories,
        districts,
        facts="配的眼镜度数不符，请打13812345678或写信给wang@example.org，王小明。",
        id_type="resident_card",
        id_number="310101199001011234",
    )
    bodies = b"".join(
        client.get(url).content
        for url in (
            f"{BASE}/requests.json",
            f"{BASE}/requests.xml",
            f"{BASE}/requests/{case.number}.json",
            f"{BASE}/requests/{case.number}.xml",
        )
    )
    assert case.number.encode() in bodies
    for personal in (
        COMPLAINT["name"],
        COMPLAINT["phone"],
        COMPLAINT["email"],
        COMPLAINT["address"],
        COMPLAINT["business_address"],
        "310101199001011234",
        "31.234567",
    ):
        assert personal.encode() not in bodies
        assert json.dumps(personal)[1:-1].encode() not in bodies
    assert b"138****5678" in bodies


def test_service_request_id_overrides_the_other_filters(client, published):
    old = "2020-01-01T00:00:00+08:00"
    rows = as_json(
        client.get(
            f"{BASE}/requests.json",
            {
                "service_request_id": f"{published.number},NOPE",
                "start_date": old,
                "end_date": "2020-01-02T00:00:00+08:00",
                "status": "closed",
            },
        )
    )
    assert [row["service_request_id"] for row in rows] == [published.number]


def test_status_service_code_and_dates_filter(client, routing, categories, districts, secretariat):
    question = file(categories, districts, kind="consultation", days_ago=3)
    change_status(case=question, to="answered", actor=secretariat, text="度数允许误差见国标。")
    complaint = file(categories, districts, days_ago=2)
    old = file(categories, districts, days_ago=120)

    def numbers(**query):
        return {
            r["service_request_id"] for r in as_json(client.get(f"{BASE}/requests.json", query))
        }

    assert numbers() == {question.number, complaint.number}  # the last 90 days by default
    assert numbers(status="closed") == {question.number}
    assert numbers(status="open") == {complaint.number}
    assert numbers(status="open,closed") == {question.number, complaint.number}
    assert numbers(service_code="standards") == set()
    start = (timezone.localtime() - datetime.timedelta(days=150)).isoformat()
    end = (timezone.localtime() - datetime.timedelta(days=100)).isoformat()
    assert numbers(start_date=start, end_date=end) == {old.number}
    closed = [r for r in as_json(client.get(f"{BASE}/requests.json")) if r["status"] == "closed"]
    assert closed[0]["updated_datetime"] > closed[0]["requested_datetime"]


def test_dates_must_be_w3c_with_a_timezone_and_span_at_most_90_days(client, published):
    too_long = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00Z"}
    assert "90" in assert_error(client.get(f"{BASE}/requests.xml", too_long), 400)
    assert_error(client.get(f"{BASE}/requests.json", too_long), 400, "json")
    naive = {"start_date": "2026-01-01T00:00:00"}
    assert "start_date" in assert_error(client.get(f"{BASE}/requests.xml", naive), 400)
    assert_error(client.get(f"{BASE}/requests.xml", {"status": "pending"}), 400)
    exact = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-01T00:00:00Z"}
    assert client.get(f"{BASE}/requests.xml", exact).status_code == 200
    # A "+" left unencoded arrives as a space; the offset is still understood.
    start = (timezone.localtime() - datetime.timedelta(days=5)).isoformat(timespec="seconds")
    assert "+08:00" in start
    rows = as_json(client.get(f"{BASE}/requests.json?start_date={start}"))
    assert [row["service_request_id"] for row in rows] == [published.number]


# --- filing requests -----------------------------------------------------------------------


def spec_example(**changes):
    """The body of the specification's POST example, with a mainland phone number."""
    body = {
        "api_key": "",
        "jurisdiction_id": "city.gov",
        "service_code": "eyeglasses",
        "lat": "37.76524078",
        "long": "-122.4212043",
        "address_string": "1234 5th street",
        "email": "smit333@sfgov.edu",
        "device_id": "tt222111",
        "account_id": "123456",
        "first_name": "john",
        "last_name": "smith",
        "phone": "13912345678",
        "description": "A large sinkhole is forming in the middle of the road.",
        "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
        "attribute[WHISPAWN]": "123456",
        "attribute[WHISDORN]": "COISL001",
    }
    return {**body, **changes}


def test_post_in_the_specifications_shape_files_a_case(client, routing, api_key, settings, bureaus):
    settings.SITE_URL = "https://city.gov"
    response = client.post(
        f"{BASE}/requests.xml", spec_example(api_key=api_key, **{"attribute[district]": "xuhui"})
    )
    assert response.status_code == 200, response.content
    root = as_xml(response)
    assert root.tag == "service_requests"
    request = root.find("request")
    assert [child.tag for child in request] == [
        "service_request_id",
        "service_notice",
        "account_id",
    ]
    case = Case.objects.get(number=request.findtext("service_request_id"))
    assert case.kind == "consultation"  # the category's first track when none is named
    assert case.unit == bureaus["xuhui"]
    assert case.submission.channel == "open311"
    assert case.submission.name == "john smith"
    assert case.submission.latitude == pytest.approx(37.76524078)
    history = " ".join(case.events.values_list("text", flat=True))
    assert "2212426634_5ed477a060.jpg" in history and "1234 5th street" in history


def test_post_in_fixmystreets_shape_files_a_complaint(client, routing, api_key, bureaus):
    body = {
        "api_key": api_key,
        "service_code": "eyeglasses",
        "description": "眼镜度数不对\n\n配镜三天后头晕。\n\nhttps://fms.example/report/1",
        "first_name": "小明",
        "last_name": "王",
        "email": "wang@example.org",
        "phone": "13812345678",
        "lat": "31.2304",
        "long": "121.4737",
        "media_url": ["https://fms.example/photo/1.jpeg", "https://fms.example/photo/2.jpeg"],
        "attribute[track]": "complaint",
        "attribute[district]": "黄浦区",
        "attribute[business_name]": "某某眼镜店",
        "attribute[business_address]": "南京东路100号",
        "attribute[postal_address]": "人民路1号",
        "attribute[request]": "退款",
        "attribute[consents_to_publish]": "true",
    }
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(f"{BASE}/requests.json", body)
    assert response.status_code == 200, response.content
    (row,) = as_json(response)
    case = Case.objects.get(number=row["service_request_id"])
    assert row["service_request_id"].startswith("TS")
    assert row["account_id"] is None and case.number in row["service_notice"]
    assert case.kind == "complaint" and case.unit == bureaus["huangpu"]
    assert case.submission.name == "王小明"
    assert case.submission.consents_to_publish is True
    assert case.clocks.filter(step="accept", stopped_on__isnull=True).exists()
    added = CaseEvent.objects.get(case=case, kind=EventKind.ADDITION).text
    assert "photo/1.jpeg" in added and "photo/2.jpeg" in added
    (listed,) = as_json(client.get(f"{BASE}/requests/{case.number}.json"))
    assert listed["address"] == "黄浦区" and listed["media_url"] == ""


def test_a_complaint_without_the_statutory_data_is_refused_naming_the_fields(
    client, routing, api_key
):
    body = {
        "api_key": api_key,
        "service_code": "eyeglasses",
        "lat": "31.23",
        "long": "121.47",
        "description": "度数不对",
        "attribute[track]": "complaint",
    }
    text = assert_error(client.post(f"{BASE}/requests.json", body), 400, "json")
    for param in (
        "first_name, last_name",
        "phone",
        "attribute[postal_address]",
        "attribute[business_name]",
        "attribute[business_address]",
        "attribute[request]",
    ):
        assert param in text
    assert not Case.objects.exists()


def test_post_without_a_valid_api_key_is_403(client, routing, citizen, api_key):
    body = spec_example(jurisdiction_id="")
    assert_error(client.post(f"{BASE}/requests.xml", body), 403)
    assert_error(client.post(f"{BASE}/requests.json", body), 403, "json")
    assert_error(client.post(f"{BASE}/requests.json", {**body, "api_key": "wrong"}), 403, "json")
    revoke_api_token(actor=citizen, token=citizen.api_tokens.get())
    assert_error(client.post(f"{BASE}/requests.xml", {**body, "api_key": api_key}), 403)
    assert not Case.objects.exists()


def test_post_errors_follow_the_specification(client, routing, api_key):
    body = spec_example(api_key=api_key, jurisdiction_id="")
    unknown = {**body, "service_code": "nothing"}
    assert_error(client.post(f"{BASE}/requests.xml", unknown), 404)
    no_code = {**body, "service_code": ""}
    assert "service_code" in assert_error(client.post(f"{BASE}/requests.xml", no_code), 400)
    nowhere = {**body, "lat": "", "long": "", "address_string": ""}
    assert "address_string" in assert_error(client.post(f"{BASE}/requests.xml", nowhere), 400)
    half = {**body, "long": "", "address_string": ""}
    assert "lat, long" in assert_error(client.post(f"{BASE}/requests.json", half), 400, "json")
    long_text = {**body, "description": "字" * 4001}
    assert "description" in assert_error(client.post(f"{BASE}/requests.xml", long_text), 400)
    bad_track = {**body, "attribute[track]": "petition"}
    assert "attribute[track]" in assert_error(client.post(f"{BASE}/requests.xml", bad_track), 400)
    long_name = {**body, "first_name": "j" * 61}
    assert "first_name" in assert_error(client.post(f"{BASE}/requests.xml", long_name), 400)
    bad_email = {**body, "email": "not-an-address"}
    assert "email" in assert_error(client.post(f"{BASE}/requests.xml", bad_email), 400)
    bad_district = {**body, "attribute[district]": "浦东新区"}
    assert "浦东新区" in assert_error(client.post(f"{BASE}/requests.xml", bad_district), 400)
    assert not Case.objects.exists()
    exactly = {**body, "description": "字" * 4000}
    assert client.post(f"{BASE}/requests.xml", exactly).status_code == 200


def test_the_categorys_own_attributes_are_checked_and_kept(client, routing, categories, api_key):
    categories["standards"].attributes = [
        {
            "code": "standard_no",
            "datatype": "string",
            "required": True,
            "description": "标准编号",
        },
        {
            "code": "scope",
            "datatype": "singlevaluelist",
            "description": "适用范围",
            "values": [{"key": "national", "name": "国家标准"}],
        },
    ]
    categories["standards"].save()
    body = {
        "api_key": api_key,
        "service_code": "standards",
        "address_string": "黄浦区",
        "description": "这项标准何时实施？",
        "email": "a@example.org",
    }
    missing = assert_error(client.post(f"{BASE}/requests.xml", body), 400)
    assert "attribute[standard_no]" in missing
    wrong = {**body, "attribute[standard_no]": "GB 10810.1", "attribute[scope]": "local"}
    assert "attribute[scope]" in assert_error(client.post(f"{BASE}/requests.xml", wrong), 400)
    good = {**wrong, "attribute[scope]": "national"}
    (row,) = as_json(client.post(f"{BASE}/requests.json", good))
    case = Case.objects.get(number=row["service_request_id"])
    added = case.events.get(kind=EventKind.ADDITION).text
    assert "标准编号：GB 10810.1" in added and "适用范围：国家标准" in added


def test_too_many_posts_with_one_key_are_refused(client, routing, api_key, settings):
    settings.OPEN311_RATE = "1/h"
    body = spec_example(api_key=api_key, jurisdiction_id="")
    assert client.post(f"{BASE}/requests.json", body).status_code == 200
    assert "请求次数过多" in assert_error(client.post(f"{BASE}/requests.json", body), 400, "json")
    assert Case.objects.count() == 1


# --- the rest of the URL space -------------------------------------------------------------


def test_tokens_do_not_exist_because_every_service_is_realtime(client, db):
    assert "实时受理" in assert_error(client.get(f"{BASE}/tokens/abc123.xml"), 404)
    assert_error(client.get(f"{BASE}/tokens/abc123.json"), 404, "json")


def test_unknown_suffixes_paths_and_methods(client, categories):
    assert_error(client.get(f"{BASE}/services.csv"), 404)
    assert_error(client.get(f"{BASE}/servicerequestupdates.json"), 404, "json")
    assert_error(client.get(f"{BASE}/"), 404)
    assert_error(client.post(f"{BASE}/services.xml"), 400)
    assert_error(client.delete(f"{BASE}/requests.json"), 400, "json")


def test_jurisdiction_id_may_be_left_out_but_not_wrong(client, categories, settings):
    settings.SITE_URL = "https://quality.example.gov.cn"
    ok = client.get(f"{BASE}/services.json", {"jurisdiction_id": "quality.example.gov.cn"})
    assert ok.status_code == 200
    wrong = client.get(f"{BASE}/services.json", {"jurisdiction_id": "city.gov"})
    assert "quality.example.gov.cn" in assert_error(wrong, 404, "json")

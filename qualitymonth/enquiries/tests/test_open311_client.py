"""A published Open311 client, georeport 0.3.1, unchanged, against the running site.

georeport reads XML with xmltodict, which turns one <request> (or one <service>) into a dict
and several into a list, and an empty <service_requests/> into None; that is the client's
quirk, not ours (the specification allows an empty list). The XML tests below therefore read
lists holding one item as a dict, and never ask the XML client for an empty list.
It has no POST, so filing is tested with plain form posts in test_open311.py.
"""

import datetime

import pytest
from django.utils import timezone
from georeport import GeoReport
from requests import HTTPError

from qualitymonth.enquiries.tests.test_open311 import file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endpoint(live_server, routing):
    return f"{live_server.url}/open311/v2"


@pytest.fixture
def published(routing, categories, districts):
    return file(categories, districts)


def test_json_client_lists_services_and_reads_a_definition(endpoint):
    client = GeoReport(endpoint)
    services = client.get_service_list()
    assert [s["service_code"] for s in services] == ["eyeglasses", "standards"]
    definition = client.get_service_definition("eyeglasses")
    assert definition["service_code"] == "eyeglasses"
    assert definition["attributes"][0]["code"] == "track"
    with pytest.raises(HTTPError) as raised:
        client.get_service_definition("nothing")
    assert raised.value.response.status_code == 404


def test_json_client_reads_requests(endpoint, published):
    client = GeoReport(endpoint)
    (listed,) = client.get_service_requests()
    assert listed["service_request_id"] == published.number
    assert client.get_service_requests(status="closed") == []
    assert client.get_service_requests(service_request_id=published.number)[0]["status"] == "open"
    one = client.get_service_request(published.number)
    assert one["service_request_id"] == published.number
    assert one["address"] == "黄浦区"


def test_xml_client_lists_services_and_reads_a_definition(endpoint):
    client = GeoReport(endpoint, output_format="xml")
    services = client.get_service_list()
    assert [s["service_code"] for s in services] == ["eyeglasses", "standards"]
    assert services[0]["metadata"] == "true"
    definition = client.get_service_definition("eyeglasses")
    track = definition["attributes"]["attribute"][0]
    assert track["code"] == "track"
    assert [v["key"] for v in track["values"]["value"]] == ["consultation", "complaint", "report"]


def test_xml_client_reads_requests(endpoint, published, categories, districts):
    client = GeoReport(endpoint, output_format="xml")
    one = client.get_service_request(published.number)  # one <request>: a dict
    assert one["service_request_id"] == published.number
    assert one["status"] == "open"
    single = client.get_service_requests(service_request_id=published.number)
    assert single["service_request_id"] == published.number
    second = file(categories, districts)
    start = (timezone.localtime() - datetime.timedelta(days=10)).isoformat()  # "+08:00" sent
    listed = client.get_service_requests(start_date=start)
    assert {r["service_request_id"] for r in listed} == {published.number, second.number}

"""No query string breaks a citizen-service page, the desk, the figures or Open311: a value
that makes no sense is ignored or named in a 4xx answer, never an error page."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from qualitymonth.core.services import create_api_token
from qualitymonth.enquiries.tests.desk_helpers import file_case

pytestmark = pytest.mark.django_db

HOSTILE = [
    "abc",
    "10000",
    "-1",
    "0",
    "13",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "",
    " ",
    "\x00",
    "%00",
    "'; drop table x;--",
    "<script>",
    "字",
    "1.5",
    "2026-13-45",
    "9999-12-31T99:99:99+99:99",
    "x" * 3000,
]
PARAMS = [
    "page",
    "year",
    "from",
    "to",
    "month",
    "q",
    "kind",
    "status",
    "category",
    "district",
    "unit",
    "open_only",
    "overdue",
    "near",
    "attention",
    "template",
    "number",
]
OPEN311_PARAMS = [
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
    "jurisdiction_id",
    "page",
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def case(routing, categories, districts):
    return file_case(categories["glasses"], districts["huangpu"])


NUMBERS = ["page", "year", "from", "to", "month", "template"]


def assert_answers(client, url, params):
    """Every parameter at once with each hostile value; the numeric ones one by one too."""
    for value in HOSTILE:
        response = client.get(url, dict.fromkeys(params, value))
        assert response.status_code < 500, (url, value[:20])
    for param in NUMBERS:
        for value in ("abc", "10000", "13", "-1", "1e309", "99999999999999999999999999"):
            assert client.get(url, {param: value}).status_code < 500, (url, param, value)


def test_the_public_pages_answer_any_query(client, case):
    for name in ("enquiries:index", "enquiries:new", "enquiries:track", "enquiries:thanks"):
        assert_answers(client, reverse(name), PARAMS)
    response = client.get(reverse("enquiries:new"), {"category": "眼镜", "kind": "<script>"})
    assert (
        response.status_code == 200
        and "<script>" not in response.content.decode().split("</header>")[-1].split("<script")[0]
    )


def test_the_desk_and_the_figures_answer_any_query(client, secretariat, case):
    client.force_login(secretariat)
    for url in (
        reverse("enquiries:desk"),
        reverse("enquiries:desk_export"),
        reverse("enquiries:routing"),
        reverse("enquiries:desk_case", args=[case.number]),
        reverse("enquiries:figures"),
        reverse("enquiries:figures_xlsx"),
    ):
        assert_answers(client, url, PARAMS)


def test_a_page_number_past_the_end_or_not_a_number_shows_a_page_of_cases(
    client, secretariat, case
):
    client.force_login(secretariat)
    for page in ("abc", "10000", "-1", "0", "99999999999999999999999999"):
        html = client.get(reverse("enquiries:desk"), {"page": page}).content.decode()
        assert case.number in html


def test_figures_for_an_impossible_year_or_month_show_this_year(client, secretariat, case):
    client.force_login(secretariat)
    for query in ({"year": "10000"}, {"year": "-5"}, {"from": "13", "to": "0"}, {"month": "13"}):
        response = client.get(reverse("enquiries:figures"), query)
        assert response.status_code == 200
        assert response.context["period"].year >= 2026


def test_open311_answers_any_query_with_its_own_errors(client, case, citizen):
    api_key = create_api_token(user=citizen, name="app")[1]
    for url in (
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        "/open311/v2/services.json",
        "/open311/v2/services/eyeglasses.xml",
        f"/open311/v2/requests/{case.number}.json",
        "/open311/v2/discovery.json",
    ):
        assert_answers(client, url, OPEN311_PARAMS)
    for value in HOSTILE:
        body = {
            "api_key": api_key,
            "service_code": "eyeglasses",
            "description": f"问题{value}",
            "first_name": value,
            "phone": value,
            "email": value,
            "lat": value,
            "long": value,
            "address_string": value,
            "media_url": value,
            "attribute[track]": value,
            "attribute[district]": value,
            "attribute[business_name]": value,
        }
        response = client.post("/open311/v2/requests.json", body)
        assert response.status_code < 500, value[:20]
        cache.clear()  # the next post is not over the rate limit


def test_the_filing_form_refuses_a_nul_character_by_the_field(client, categories, districts):
    response = client.post(
        reverse("enquiries:new"),
        {"kinds": ["consultation"], "category": "\x00", "district": "1\x00", "facts": "问\x00"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"category", "district", "facts"} <= set(errors)

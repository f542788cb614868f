"""The inspector finds the site among many: by name or code, district and street, nearest to
the phone first; and sees what they recorded today."""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_unit
from qualitymonth.organizations.models import UnitKind
from qualitymonth.surveys.models import Site, SiteKind
from qualitymonth.surveys.tests.conftest import answer
from tests.answers import assert_not_found

# People's Square (人民广场), and sites at known distances from it.
HERE = (31.2304, 121.4737)


@pytest.fixture
def frame(evaluation, districts):
    nanjing = make_unit(kind=UnitKind.STREET, key="nanjing", name="南京东路街道")
    nanjing.parent = districts["x"]
    nanjing.save()
    bund = make_unit(kind=UnitKind.STREET, key="bund", name="外滩街道", parent=districts["x"])
    linping = make_unit(
        kind=UnitKind.STREET, key="linping", name="临平路街道", parent=districts["y"]
    )

    def site(code, name, district, street, lat, lon):
        return Site.objects.create(
            evaluation=evaluation,
            code=code,
            kind=SiteKind.SITE,
            name=name,
            district=district,
            street=street,
            latitude=lat,
            longitude=lon,
        )

    return {
        "far": site("P01", "虹口区图书馆", districts["y"], linping, 31.2650, 121.5050),
        "near": site("P02", "人民广场地铁站服务台", districts["x"], nanjing, 31.2310, 121.4740),
        "mid": site("P03", "外滩旅游咨询中心", districts["x"], bund, 31.2400, 121.4900),
        "hall": site("P04", "黄浦区政务服务中心", districts["x"], nanjing, None, None),
    }


def codes(page: str) -> list[str]:
    return re.findall(r'data-testid="site-option"> <strong>([^<]+)</strong>', page)


def picker(client, round_, **params) -> str:
    return client.get(f"/surveys/rounds/{round_.pk}/sites/", params).content.decode()


def test_sites_are_found_by_name_or_code(client, survey_round, frame, inspector):
    client.force_login(inspector)
    assert codes(picker(client, survey_round, site_q="外滩")) == ["P03"]
    assert codes(picker(client, survey_round, site_q="p04")) == ["P04"]
    assert "没有符合条件的点位" in picker(client, survey_round, site_q="不存在的点位")


def test_sites_are_filtered_by_district_and_street(
    client, survey_round, frame, districts, inspector
):
    client.force_login(inspector)
    by_district = picker(client, survey_round, site_district=districts["y"].pk)
    assert codes(by_district) == ["P01"]
    street = frame["near"].street
    assert codes(picker(client, survey_round, site_street=street.pk)) == ["P02", "P04"]
    page = client.get(f"/surveys/rounds/{survey_round.pk}/collect/").content.decode()
    assert "南京东路街道" in page and "临平路街道" in page  # the street filter's options


def test_the_nearest_sites_come_first_with_their_distance(client, survey_round, frame, inspector):
    client.force_login(inspector)
    page = picker(client, survey_round, site_lat=HERE[0], site_lon=HERE[1])
    assert codes(page) == ["P02", "P03", "P01", "P04"]  # P04 has no location: last
    distances = re.findall(r'data-testid="site-distance">([^<]+)<', page)
    assert distances[0] == "73米"
    assert distances[2] == "4.9公里"


def test_the_chosen_site_stays_listed_while_searching(client, survey_round, frame, inspector):
    client.force_login(inspector)
    page = picker(client, survey_round, site_q="外滩", site=frame["far"].pk)
    assert codes(page) == ["P01", "P03"]
    assert re.search(rf'value="{frame["far"].pk}" checked', page)


def test_another_evaluations_sites_are_not_offered(client, survey_round, frame, inspector):
    from qualitymonth.surveys.models import Evaluation

    other = Evaluation.objects.create(key="other", name="其他测评")
    Site.objects.create(
        evaluation=other,
        code="X1",
        kind=SiteKind.SITE,
        name="外滩别处",
        district=frame["far"].district,
    )
    client.force_login(inspector)
    assert codes(picker(client, survey_round, site_q="外滩")) == ["P03"]


def test_the_picker_is_hidden_from_strangers(client, survey_round, frame, other_inspector):
    client.force_login(other_inspector)
    assert_not_found(client.get(f"/surveys/rounds/{survey_round.pk}/sites/"), "外滩")


def test_todays_records_are_listed_with_links(client, survey_round, frame, inspector, secretariat):
    answer(survey_round, frame["mid"], a=7, b=2, c=3, actor=inspector)
    answer(survey_round, frame["near"], a=5, b=2, c=3, actor=secretariat)
    client.force_login(inspector)
    page = client.get(f"/surveys/rounds/{survey_round.pk}/collect/").content.decode()
    records = re.findall(r'<a href="([^"]+)" data-testid="todays-record">([^<]+)</a>', page)
    assert len(records) == 1
    link, text = records[0]
    assert "P03 外滩旅游咨询中心" in text
    detail = client.get(link).content.decode()
    assert "P03 外滩旅游咨询中心" in detail and "整洁程度" in detail and ">7<" in detail


def test_another_persons_record_is_not_shown(client, survey_round, frame, inspector, secretariat):
    theirs = answer(survey_round, frame["near"], a=5, b=2, c=3, actor=secretariat)
    client.force_login(inspector)
    reply = client.get(f"/surveys/rounds/{survey_round.pk}/mine/{theirs.pk}/")
    assert_not_found(reply, "外滩")


def test_the_form_needs_as_many_queries_for_1600_sites_as_for_4(
    client, survey_round, frame, districts, inspector
):
    client.force_login(inspector)
    url = f"/surveys/rounds/{survey_round.pk}/collect/"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few_near:
        picker(client, survey_round, site_lat=HERE[0], site_lon=HERE[1])
    for start in range(0, 1600, 400):
        Site.objects.bulk_create(
            Site(
                evaluation=survey_round.evaluation,
                code=f"Z{n:04d}",
                kind=SiteKind.SITE,
                name=f"点位{n}",
                district=districts["y"],
                latitude=31.2 + n / 10000,
                longitude=121.4,
            )
            for n in range(start, start + 400)
        )
    for _n in range(3):
        answer(survey_round, frame["mid"], a=7, b=2, c=3, actor=inspector, client_id=uuid.uuid4())
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) <= len(few) + 1  # +1: today's records now have rows to read
    assert len(codes(page)) == 10  # a page of the picker, not 1,604 options
    with CaptureQueriesContext(connection) as near:
        found = picker(client, survey_round, site_lat=HERE[0], site_lon=HERE[1])
    assert len(codes(found)) == 10
    assert len(near) == len(few_near)

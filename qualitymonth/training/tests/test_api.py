"""The read-only API: the public course catalogue and the public qualification registry,
for anyone, without a token; unpublished courses and withdrawn qualifications stay out."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person
from qualitymonth.training.models import Course, Qualification, QualificationKind

PREFIX = "/api/training"


def test_the_catalogue_lists_published_courses_with_their_lessons(course, client):
    Course.objects.create(
        key="draft", title="草稿课程", strand="basics", level="advanced", is_published=False
    )

    body = client.get(f"{PREFIX}/courses").json()

    assert [item["key"] for item in body["items"]] == ["basics"]
    assert body["items"][0]["lessons"] == 2
    assert body["items"][0]["url"].endswith("/training/courses/basics/")


def test_the_catalogue_filters_by_strand_and_refuses_an_unknown_one(course, client):
    assert client.get(f"{PREFIX}/courses?strand=winners").json()["items"] == []
    response = client.get(f"{PREFIX}/courses?strand=cooking")
    assert response.status_code == 400
    assert "strand" in response.json()["detail"]


def test_a_course_lists_its_lessons_in_order_without_answers(course, client):
    body = client.get(f"{PREFIX}/courses/basics").json()

    assert [lesson["title"] for lesson in body["lesson_list"]] == ["视频课", "文字课"]
    assert body["has_quiz"] is True and body["quiz_min_score"] == 75
    assert "TQMSECRET" not in str(body)


def test_an_unpublished_course_is_not_found(client, db):
    Course.objects.create(
        key="draft", title="草稿课程", strand="basics", level="advanced", is_published=False
    )

    assert client.get(f"{PREFIX}/courses/draft").status_code == 404


@pytest.fixture
def kind(db):
    return QualificationKind.objects.create(key="cqo", name="首席质量官", prefix="CQO")


def _qualification(kind, serial, name, **extra):
    today = timezone.localdate()
    return Qualification.objects.create(
        kind=kind,
        serial=serial,
        holder=make_person(serial.lower()),
        holder_name=name,
        unit_name="上汽通用",
        granted_on=today,
        valid_until=today + datetime.timedelta(days=365),
        **extra,
    )


def test_the_registry_is_searchable_and_leaves_withdrawn_ones_out(kind, client):
    _qualification(kind, "CQO0001", "王质量")
    _qualification(kind, "CQO0002", "李标准")
    _qualification(kind, "CQO0003", "赵撤销", withdrawn_at=timezone.now())

    everyone = client.get(f"{PREFIX}/qualifications").json()["items"]
    found = client.get(f"{PREFIX}/qualifications?q=王质量").json()["items"]

    assert [item["serial"] for item in everyone] == ["CQO0001", "CQO0002"]
    assert [(item["holder"], item["is_valid"]) for item in found] == [("王质量", True)]
    assert found[0]["verify_url"].endswith("/CQO0001/") or "CQO0001" in found[0]["verify_url"]

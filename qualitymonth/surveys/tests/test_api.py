"""Submitting answers from other apps: token auth, idempotent client ids, the form's rules."""

import base64
import io
import json
import uuid

import pytest
from PIL import Image

from qualitymonth.core.services import create_api_token
from qualitymonth.surveys.models import Answer, Photo, Response, RoundStatus, Source
from tests.answers import assert_api_error

URL = "/api/surveys/rounds/{pk}/responses"


@pytest.fixture
def inspector_key(inspector):
    return create_api_token(user=inspector, name="巡查App")[1]


def post(client, round_, body, key):
    return client.post(
        URL.format(pk=round_.pk),
        data=json.dumps(body, default=str),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def jpeg_base64() -> str:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(output, "JPEG")
    return base64.b64encode(output.getvalue()).decode()


def test_an_inspector_app_submits_a_response_with_its_answers(
    client, survey_round, sites, inspector_key, inspector
):
    body = {"client_id": str(uuid.uuid4()), "site": "S1", "answers": {"a": 8, "b": "2", "c": 10.5}}
    reply = post(client, survey_round, body, inspector_key)
    assert reply.status_code == 201
    assert reply.json()["created"] is True and reply.json()["answers"] == 3
    response = Response.objects.get(client_id=body["client_id"])
    assert (response.site, response.source, response.submitted_by) == (
        sites["s1"],
        Source.API,
        inspector,
    )
    stored = dict(Answer.objects.filter(response=response).values_list("question__name", "value"))
    assert stored == {"a": 8.0, "b": 2.0, "c": 10.5}


def test_resending_the_same_client_id_stores_the_response_once(
    client, survey_round, sites, inspector_key
):
    body = {"client_id": str(uuid.uuid4()), "site": "S1", "answers": {"a": 8, "b": 2, "c": 1}}
    first = post(client, survey_round, body, inspector_key)
    again = post(client, survey_round, body, inspector_key)
    assert again.status_code == 200
    assert again.json()["created"] is False and again.json()["id"] == first.json()["id"]
    assert Response.objects.filter(round=survey_round).count() == 1


def test_an_answer_outside_the_form_rules_is_refused_by_question_name(
    client, survey_round, sites, inspector_key
):
    body = {"client_id": str(uuid.uuid4()), "site": "S1", "answers": {"a": 12, "b": 9}}
    reply = post(client, survey_round, body, inspector_key)
    assert reply.status_code == 422
    fields = {error["field"]: error["message"] for error in reply.json()["errors"]}
    assert fields["a"] == "0到10分"  # the form's own constraint message
    assert fields["b"] == "请从所列选项中选择一项。"
    assert fields["c"] == "本题为必答题。"
    assert not Response.objects.exists()


def test_an_unknown_site_code_is_named(client, survey_round, sites, inspector_key):
    body = {"client_id": str(uuid.uuid4()), "site": "S99", "answers": {"a": 1, "b": 1, "c": 1}}
    reply = post(client, survey_round, body, inspector_key)
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["field"] == "site"
    assert "S99" in reply.json()["errors"][0]["message"]


def test_a_photo_is_sent_as_base64_and_checked_by_content(
    client, survey_round, sites, inspector_key
):
    answers = {"a": 1, "b": 1, "c": 1}
    ok = {"client_id": str(uuid.uuid4()), "site": "S1", "answers": answers}
    reply = post(client, survey_round, {**ok, "photos": {"photo": jpeg_base64()}}, inspector_key)
    assert reply.status_code == 201
    assert Photo.objects.get().content_type == "image/jpeg"
    fake = base64.b64encode(b"%PDF-1.4 not a picture").decode()
    bad = {**ok, "client_id": str(uuid.uuid4()), "photos": {"photo": fake}}
    reply = post(client, survey_round, bad, inspector_key)
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["field"] == "photo"
    assert Photo.objects.count() == 1


def test_a_malformed_client_id_is_refused_with_the_field_named(
    client, survey_round, sites, inspector_key
):
    body = {"client_id": "not-a-uuid", "site": "S1", "answers": {}}
    reply = post(client, survey_round, body, inspector_key)
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["field"] == "client_id"


def test_a_round_not_assigned_answers_404(
    client, survey_round, sites, other_inspector, inspector_key
):
    other_key = create_api_token(user=other_inspector, name="x")[1]
    body = {"client_id": str(uuid.uuid4()), "site": "S1", "answers": {"a": 1, "b": 1, "c": 1}}
    assert post(client, survey_round, body, other_key).status_code == 404
    assert (
        client.get(
            f"/api/surveys/rounds/{survey_round.pk}/form",
            headers={"Authorization": f"Bearer {other_key}"},
        ).status_code
        == 404
    )
    assert not Response.objects.exists()


def test_a_closed_round_refuses_submissions_with_a_code(client, survey_round, sites, inspector_key):
    survey_round.status = RoundStatus.CLOSED
    survey_round.save()
    body = {"client_id": str(uuid.uuid4()), "site": "S1", "answers": {"a": 1, "b": 1, "c": 1}}
    reply = post(client, survey_round, body, inspector_key)
    assert reply.status_code == 409 and reply.json()["code"] == "not_collecting"


def test_without_a_token_the_api_asks_for_one(client, survey_round):
    reply = client.post(URL.format(pk=survey_round.pk), data="{}", content_type="application/json")
    assert_api_error(reply, 401)
    assert not Response.objects.exists()


def test_the_form_lists_questions_with_their_rules_and_choices(client, survey_round, inspector_key):
    form = client.get(
        f"/api/surveys/rounds/{survey_round.pk}/form",
        headers={"Authorization": f"Bearer {inspector_key}"},
    ).json()
    assert form["round"]["can_submit"] is True
    questions = {q["name"]: q for q in form["questions"]}
    assert questions["a"]["constraint"] == ". >= 0 and . <= 10"
    assert questions["issue_note"]["relevant"] == "${issue} = 'yes'"
    assert [c["score"] for c in questions["b"]["choices"]] == [1, 2, 3, 4, 5]
    assert questions["a"]["indicator_code"] == "A"


def test_an_inspector_lists_only_assigned_rounds_and_their_sites(
    client, survey_round, sites, inspector_key, other_inspector
):
    auth = {"Authorization": f"Bearer {inspector_key}"}
    rounds = client.get("/api/surveys/rounds", headers=auth).json()
    assert [r["id"] for r in rounds] == [survey_round.pk]
    found = client.get(
        f"/api/surveys/rounds/{survey_round.pk}/sites?district=乙区", headers=auth
    ).json()
    assert [s["code"] for s in found["items"]] == ["S3"]
    other_key = create_api_token(user=other_inspector, name="x")[1]
    assert (
        client.get("/api/surveys/rounds", headers={"Authorization": f"Bearer {other_key}"}).json()
        == []
    )

"""Inspectors answer on the web form: checked against the XLSForm, stored once per client id."""

import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qualitymonth.surveys.models import (
    Answer,
    Node,
    Normalisation,
    Response,
    Round,
    RoundStatus,
)
from tests.answers import assert_not_found


def png() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(output, "PNG")
    return SimpleUploadedFile("site.png", output.getvalue(), content_type="image/png")


def post(client, round_, site, **answers):
    data = {
        "client_id": str(uuid.uuid4()),
        "site": site.pk,
        "a": "8",
        "b": "2",
        "c": "10",
        **answers,
    }
    return client.post(f"/surveys/rounds/{round_.pk}/collect/", data), data


def test_an_inspection_with_a_photo_and_location_is_stored(client, survey_round, sites, inspector):
    client.force_login(inspector)
    data = {
        "client_id": str(uuid.uuid4()),
        "site": sites["s1"].pk,
        "a": "8",
        "b": "2",
        "c": "10",
        "latitude": "31.2304",
        "longitude": "121.4737",
        "accuracy": "12",
        "photo": png(),
    }
    reply = client.post(f"/surveys/rounds/{survey_round.pk}/collect/", data, follow=True)
    assert "已记录" in reply.content.decode() or "recorded" in reply.content.decode()
    response = Response.objects.get()
    assert (response.site, response.submitted_by, response.latitude) == (
        sites["s1"],
        inspector,
        31.2304,
    )
    assert response.photos.get().content_type == "image/png"
    assert sorted(Answer.objects.values_list("question__name", "value")) == [
        ("a", 8.0),
        ("b", 2.0),
        ("c", 10.0),
    ]


def test_a_retried_submission_is_stored_once(client, survey_round, sites, inspector):
    client.force_login(inspector)
    _reply, data = post(client, survey_round, sites["s1"])
    again = client.post(f"/surveys/rounds/{survey_round.pk}/collect/", data, follow=True)
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 3
    assert "只保存一次" in again.content.decode() or "stored once" in again.content.decode()


def test_the_forms_constraint_is_enforced(client, survey_round, sites, inspector):
    client.force_login(inspector)
    reply, _data = post(client, survey_round, sites["s1"], a="11")
    assert reply.status_code == 400
    assert "0到10分" in reply.content.decode()  # the constraint message written in the XLSForm
    assert not Response.objects.exists()


def test_a_question_shown_by_skip_logic_becomes_required(client, survey_round, sites, inspector):
    client.force_login(inspector)
    reply, _data = post(client, survey_round, sites["s1"], issue="yes")
    assert reply.status_code == 400
    assert 'data-testid="error-issue_note"' in reply.content.decode()
    reply, _data = post(client, survey_round, sites["s1"], issue="no", issue_note="ignored")
    assert reply.status_code == 302
    assert not Answer.objects.filter(question__name="issue_note").exists()


def test_the_relevance_endpoint_follows_the_answers(client, survey_round, inspector):
    client.force_login(inspector)
    url = f"/surveys/rounds/{survey_round.pk}/relevance/"
    assert "issue_note" not in client.post(url, {"issue": "no"}).json()["shown"]
    assert "issue_note" in client.post(url, {"issue": "yes"}).json()["shown"]


def test_a_choice_not_in_the_list_is_refused(client, survey_round, sites, inspector):
    client.force_login(inspector)
    reply, _data = post(client, survey_round, sites["s1"], b="9")
    assert reply.status_code == 400
    assert not Response.objects.exists()


def test_an_answer_outside_the_items_range_is_refused(client, survey_round, sites, inspector):
    # C's constraint allows any number ≥ 0; scored on its own scale, the item stops at 1000.
    Node.objects.filter(code="C").update(normalisation=Normalisation.GOALPOSTS)
    client.force_login(inspector)
    reply, _data = post(client, survey_round, sites["s1"], c="5000")
    assert reply.status_code == 400
    assert "1000" in reply.content.decode()
    assert not Response.objects.exists()


def test_a_disguised_photo_is_refused_and_nothing_is_stored(client, survey_round, sites, inspector):
    client.force_login(inspector)
    fake = SimpleUploadedFile("photo.jpg", b"MZ not a picture", content_type="image/jpeg")
    reply, _data = post(client, survey_round, sites["s1"], photo=fake)
    assert reply.status_code == 400
    assert not Response.objects.exists()


def test_an_inspector_not_assigned_gets_404(client, survey_round, sites, other_inspector):
    client.force_login(other_inspector)
    assert client.get(f"/surveys/rounds/{survey_round.pk}/collect/").status_code == 404
    reply, _data = post(client, survey_round, sites["s1"])
    assert reply.status_code == 404
    assert not Response.objects.exists()


def test_my_rounds_lists_only_the_assigned(client, survey_round, other_inspector, inspector):
    client.force_login(other_inspector)
    assert "文明指数测评" not in client.get("/surveys/mine/").content.decode()
    client.force_login(inspector)
    assert "文明指数测评" in client.get("/surveys/mine/").content.decode()


def test_a_closed_round_takes_no_answers(client, survey_round, sites, inspector):
    Round.objects.filter(pk=survey_round.pk).update(status=RoundStatus.CLOSED)
    client.force_login(inspector)
    reply, _data = post(client, survey_round, sites["s1"])
    assert reply.status_code == 404
    assert not Response.objects.exists()


def test_public_respondents_answer_by_link_without_signing_in(client, survey_round, districts):
    survey_round.open_public_link()
    survey_round.save()
    url = f"/surveys/answer/{survey_round.public_link}/"
    reply = client.post(
        url,
        {
            "client_id": str(uuid.uuid4()),
            "a": "5",
            "b": "3",
            "c": "2",
            "district": districts["x"].pk,
        },
    )
    assert "已记录" in reply.content.decode() or "recorded" in reply.content.decode()
    assert Response.objects.get().district == districts["x"]


def test_public_answers_are_rate_limited_per_client(client, survey_round, settings):
    settings.SURVEY_ANSWER_RATE = "2/h"
    survey_round.open_public_link()
    survey_round.save()
    url = f"/surveys/answer/{survey_round.public_link}/"
    for _ in range(2):
        client.post(url, {"client_id": str(uuid.uuid4()), "a": "5", "b": "3", "c": "2"})
    reply = client.post(url, {"client_id": str(uuid.uuid4()), "a": "5", "b": "3", "c": "2"})
    assert reply.status_code == 429
    assert "您的网络连接提交答卷次数过多" in reply.content.decode()
    assert Response.objects.count() == 2


def test_the_relevance_endpoint_is_hidden_from_strangers(client, survey_round):
    # No public link: only the secretariat and assigned inspectors may ask.
    reply = client.post(f"/surveys/rounds/{survey_round.pk}/relevance/", {"issue": "yes"})
    assert_not_found(reply, "issue_note")

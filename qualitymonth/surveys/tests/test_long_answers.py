"""A text answer over the limit is refused with a message naming the question, never cut."""

import json
import re
import uuid

from qualitymonth.core.services import create_api_token
from qualitymonth.surveys.models import Answer, Response
from qualitymonth.surveys.services.responses import MAX_ANSWER_CHARS

REFUSED = "“问题说明”：回答有 5001 个字符，最多接受 5000 个。"


def collect(client, round_, site, note: str):
    data = {
        "client_id": str(uuid.uuid4()),
        "site": site.pk,
        "a": "8",
        "b": "2",
        "c": "10",
        "issue": "yes",
        "issue_note": note,
    }
    return client.post(f"/surveys/rounds/{round_.pk}/collect/", data)


def test_a_text_answer_of_5001_characters_is_refused_on_the_form_naming_the_question(
    client, survey_round, sites, inspector
):
    client.force_login(inspector)
    reply = collect(client, survey_round, sites["s1"], "长" * (MAX_ANSWER_CHARS + 1))
    assert reply.status_code == 400
    page = reply.content.decode()
    assert re.search(r'data-testid="error-issue_note">' + re.escape(REFUSED) + "<", page)
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_text_answer_of_5000_characters_is_stored_whole(client, survey_round, sites, inspector):
    client.force_login(inspector)
    note = "长" * (MAX_ANSWER_CHARS - 1) + "尾"
    assert collect(client, survey_round, sites["s1"], note).status_code == 302
    assert Answer.objects.get(question__name="issue_note").text == note


def test_a_text_answer_of_5001_characters_is_refused_by_the_api_naming_the_question(
    client, survey_round, sites, inspector
):
    key = create_api_token(user=inspector, name="巡查App")[1]
    body = {
        "client_id": str(uuid.uuid4()),
        "site": "S1",
        "answers": {"a": 8, "b": 2, "c": 10, "issue": "yes", "issue_note": "x" * 5001},
    }
    reply = client.post(
        f"/api/surveys/rounds/{survey_round.pk}/responses",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert reply.status_code == 422
    errors = {error["field"]: error["message"] for error in reply.json()["errors"]}
    assert errors == {"issue_note": REFUSED}
    assert not Response.objects.exists() and not Answer.objects.exists()

"""The awards API: anyone verifies a number; results and raw scores are the secretariat's."""

from qualitymonth.awards import services
from tests.answers import assert_api_error


def test_anyone_can_verify_a_certificate_number(client, certificate):
    body = client.get(f"/api/awards/certificates/{certificate.serial}").json()
    assert body["valid"] is True
    assert body["holder"] == "上海电气QC小组"
    assert body["grade"] == "一等奖" and body["year"] == 2026


def test_a_withdrawn_certificate_is_not_valid_in_the_api(client, certificate, secretariat):
    services.withdraw_certificate(actor=secretariat, certificate=certificate, reason="撤销")
    body = client.get(f"/api/awards/certificates/{certificate.serial}").json()
    assert body["valid"] is False and body["withdrawal_reason"] == "撤销"


def test_an_unknown_number_answers_404(client, db):
    assert_api_error(client.get("/api/awards/certificates/NOPE-1"), 404)


def test_the_results_carry_the_rule_and_each_reviewers_total(client, graded_round, secretariat):
    client.force_login(secretariat)
    body = client.get(f"/api/awards/rounds/{graded_round.pk}/results").json()
    assert body["rule"] == "mean"
    first = body["results"][0]
    assert first["holder"] == "上海电气QC小组"
    assert first["totals"] == [100.0, 100.0] and first["rank"] == 1


def test_raw_scores_are_hidden_from_an_applicant(client, graded_round):
    applicant = graded_round.applications.first().created_by
    client.force_login(applicant)
    response = client.get(f"/api/awards/rounds/{graded_round.pk}/scores")
    assert_api_error(response, 404, "expert-0", "points")

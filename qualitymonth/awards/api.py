"""Recognition in the JSON API: certificate verification for anyone, results and raw scores
for the secretariat."""

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from qualitymonth.awards import selectors
from qualitymonth.awards.models import Round
from qualitymonth.core.api_auth import ANYONE
from qualitymonth.core.api_schema import ErrorOut
from qualitymonth.core.permissions import require_perm_or_404

router = Router(tags=["awards"])


class CertificateOut(Schema):
    serial: str
    valid: bool
    holder: str
    program: str
    round: str
    grade: str
    year: int
    issued_at: datetime
    withdrawn_at: datetime | None
    withdrawal_reason: str
    demo: bool


@router.get(
    "/certificates/{serial}",
    response={200: CertificateOut, 404: ErrorOut},
    auth=ANYONE,
    summary="Verify a certificate number",
)
def verify_certificate(request, serial: str):
    certificate = selectors.certificate_by_serial(serial)
    if certificate is None:
        raise Http404
    application = certificate.application
    return {
        "serial": certificate.serial,
        "valid": certificate.withdrawn_at is None,
        "holder": certificate.holder_name,
        "program": application.round.program.name,
        "round": application.round.title,
        "grade": application.grade.name if application.grade else "",
        "year": application.round.year,
        "issued_at": certificate.issued_at,
        "withdrawn_at": certificate.withdrawn_at,
        "withdrawal_reason": certificate.withdrawal_reason,
        "demo": application.is_demo,
    }


class ResultOut(Schema):
    application: int
    holder: str
    title: str
    status: str
    grade: str | None
    reviews: int
    mean: float | None
    score: float | None
    rank: int | None
    totals: list[float]


class ResultsOut(Schema):
    round: int
    rule: str
    trim_from: int
    results: list[ResultOut]


def _round(request, pk: int) -> Round:
    round_ = get_object_or_404(Round, pk=pk)
    require_perm_or_404(request.user, "awards.manage_round", round_)
    return round_


@router.get(
    "/rounds/{int:round_id}/results",
    response={200: ResultsOut, 404: ErrorOut},
    summary="A round's ranking with every reviewer's total (secretariat)",
)
def round_results(request, round_id: int):
    round_ = _round(request, round_id)
    return {
        "round": round_.pk,
        "rule": round_.aggregation,
        "trim_from": round_.trim_from,
        "results": [
            {
                "application": row.application.pk,
                "holder": row.application.holder_name,
                "title": row.application.title,
                "status": row.application.status,
                "grade": row.application.grade.name if row.application.grade else None,
                "reviews": row.reviews,
                "mean": row.mean,
                "score": row.combined,
                "rank": row.rank,
                "totals": row.totals,
            }
            for row in selectors.ranking_of(round_)
        ],
    }


class ScoreOut(Schema):
    application: int
    reviewer: str
    criterion: str
    points: float
    submitted: bool


@router.get(
    "/rounds/{int:round_id}/scores",
    response={200: list[ScoreOut], 404: ErrorOut},
    summary="Every raw score of a round (secretariat)",
)
def round_scores(request, round_id: int):
    round_ = _round(request, round_id)
    return [
        {
            "application": score.review.assignment.application_id,
            "reviewer": score.review.assignment.reviewer.username,
            "criterion": score.criterion.name,
            "points": float(score.points),
            "submitted": score.review.submitted_at is not None,
        }
        for score in selectors.raw_scores(round_)
    ]

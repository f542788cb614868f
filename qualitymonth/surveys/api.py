"""Surveys in the JSON API: the rounds a collector works on, their forms and sites, and
submitting answers from other apps (a retried submission with the same client id is stored once).
"""

import base64
import binascii
import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from qualitymonth.core.api_schema import ErrorOut
from qualitymonth.core.pagination import BoundedPages, LazyList
from qualitymonth.core.uploads import MAX_PHOTO_BYTES
from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.surveys import selectors
from qualitymonth.surveys.models import Industry, Round, Site, Source, UnitOfAnalysis
from qualitymonth.surveys.services.responses import submit_response

router = Router(tags=["surveys"])


class RoundOut(Schema):
    id: int
    evaluation: str
    evaluation_key: str
    year: int
    status: str
    unit_of_analysis: str
    instrument: str
    can_submit: bool


class ChoiceOut(Schema):
    name: str
    label: str
    score: float | None = None


class QuestionOut(Schema):
    name: str
    type: str
    label: str
    hint: str
    required: bool
    relevant: str
    constraint: str
    constraint_message: str
    choices: list[ChoiceOut]
    indicator_code: str


class FormOut(Schema):
    round: RoundOut
    questions: list[QuestionOut]


class SiteOut(Schema):
    code: str
    name: str
    kind: str
    district: str | None
    street: str | None
    industry: str | None
    address: str
    latitude: float | None
    longitude: float | None


class SiteQuery(Schema):
    q: str = ""
    district: str = ""


class ResponseIn(Schema):
    client_id: uuid.UUID = Field(description="Made by the client once per response; resend it.")
    site: str | None = Field(None, description="The site's code in the sampling frame.")
    district: str | None = Field(None, description="Division code or name, without a site.")
    industry: str | None = Field(None, description="Industry key, without a site.")
    answers: dict[str, str | int | float | list[str] | None] = Field(default_factory=dict)
    photos: dict[str, str] = Field(
        default_factory=dict, description="Photo question name → base64 JPEG/PNG/WebP/GIF."
    )
    submitted_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    accuracy: float | None = None


class ResponseOut(Schema):
    id: int
    client_id: uuid.UUID
    created: bool
    site: str | None
    answers: int


class RefusalOut(Schema):
    detail: str
    code: str


def _round_out(round_: Round, user) -> dict:
    return {
        "id": round_.pk,
        "evaluation": round_.evaluation.name,
        "evaluation_key": round_.evaluation.key,
        "year": round_.year,
        "status": round_.status,
        "unit_of_analysis": round_.evaluation.unit_of_analysis,
        "instrument": round_.instrument.title,
        "can_submit": user.has_perm("surveys.collect", round_),
    }


@router.get("/rounds", response=list[RoundOut], summary="Rounds you collect for")
def list_rounds(request):
    return [_round_out(r, request.user) for r in selectors.rounds_visible_to(request.user)]


@router.get(
    "/rounds/{int:pk}/form",
    response={200: FormOut, 404: ErrorOut},
    summary="A round's questions, with skip logic, constraints and choice lists",
)
def round_form(request, pk: int):
    round_ = selectors.round_visible_to(request.user, pk)
    questions = [
        {field: getattr(q, field) for field in QuestionOut.model_fields}
        for q in round_.instrument.questions.all()
    ]
    return {"round": _round_out(round_, request.user), "questions": questions}


def _site_out(site: Site) -> dict:
    return {
        "code": site.code,
        "name": site.name,
        "kind": site.kind,
        "district": site.district.display_name if site.district else None,
        "street": site.street.display_name if site.street else None,
        "industry": site.industry.display_name if site.industry else None,
        "address": site.address,
        "latitude": site.latitude,
        "longitude": site.longitude,
    }


@router.get(
    "/rounds/{int:pk}/sites",
    response={200: list[SiteOut], 404: ErrorOut},
    summary="The round's sampling frame, by code, name or district",
)
@paginate(BoundedPages)
def round_sites(request, pk: int, filters: Query[SiteQuery]):
    round_ = selectors.round_visible_to(request.user, pk)
    sites = selectors.frame_sites(round_, text=filters.q, district=filters.district)
    return LazyList(sites, _site_out)


def _photo_files(photos: dict[str, str]) -> dict[str, ContentFile]:
    files, errors = {}, {}
    for name, text in photos.items():
        data = text.split(",", 1)[1] if text.startswith("data:") else text
        if len(data) > MAX_PHOTO_BYTES * 4 // 3 + 4:
            errors[name] = _("The photo is larger than %(limit)s MB.") % {
                "limit": MAX_PHOTO_BYTES // 1024 // 1024
            }
            continue
        try:
            files[name] = ContentFile(base64.b64decode(data, validate=True), name=f"{name}.jpg")
        except (binascii.Error, ValueError):
            errors[name] = _("The photo is not base64 data.")
    if errors:
        raise ValidationError(errors)
    return files


def _answer_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _respondent(round_: Round, payload: ResponseIn) -> dict:
    """The site (by code), or for a response-level round the district and industry."""
    errors = {}
    found: dict = {}
    if payload.site:
        found["site"] = Site.objects.filter(evaluation=round_.evaluation, code=payload.site).first()
        if found["site"] is None:
            errors["site"] = _("No site with code “%(code)s” in this round's sampling frame.") % {
                "code": payload.site
            }
    elif round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE:
        errors["site"] = _("Name the site you inspected by its code.")
    if payload.district:
        district = Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True)
        found["district"] = (
            district.filter(division_code=payload.district).first()
            or district.filter(name=payload.district).first()
        )
        if found["district"] is None:
            errors["district"] = _("No district “%(name)s”.") % {"name": payload.district}
    if payload.industry:
        found["industry"] = Industry.objects.filter(key=payload.industry).first()
        if found["industry"] is None:
            errors["industry"] = _("No industry “%(name)s”.") % {"name": payload.industry}
    if errors:
        raise ValidationError(errors)
    return found


@router.post(
    "/rounds/{int:pk}/responses",
    response={200: ResponseOut, 201: ResponseOut, 404: ErrorOut, 409: RefusalOut, 422: ErrorOut},
    summary="Submit one response; resending the same client_id returns the stored one (200)",
)
def submit(request, pk: int, payload: ResponseIn):
    round_ = selectors.round_visible_to(request.user, pk)
    if not request.user.has_perm("surveys.collect", round_):
        return Status(
            409, {"detail": _("This round is not collecting answers."), "code": "not_collecting"}
        )
    answers = {name: _answer_text(value) for name, value in payload.answers.items()}
    try:
        response, created = submit_response(
            round_=round_,
            client_id=payload.client_id,
            answers={name: text for name, text in answers.items() if text is not None},
            actor=request.user,
            source=Source.API,
            photos=_photo_files(payload.photos),
            submitted_at=payload.submitted_at,
            latitude=payload.latitude,
            longitude=payload.longitude,
            accuracy=payload.accuracy,
            **_respondent(round_, payload),
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "not_collecting":
            return Status(409, {"detail": error.messages[0], "code": "not_collecting"})
        raise
    body = {
        "id": response.pk,
        "client_id": response.client_id,
        "created": created,
        "site": response.site.code if response.site else None,
        "answers": response.answers.count(),
    }
    return Status(201 if created else 200, body)

"""Responses: checked against the form, stored once per client id, set aside with a reason."""

import datetime
import math
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.uploads import prepare_photo, store_on_commit
from qualitymonth.surveys import xlsform, xpath
from qualitymonth.surveys.models import (
    METADATA_TYPES,
    Answer,
    Level,
    Node,
    Normalisation,
    Photo,
    Question,
    QuestionType,
    Response,
    Round,
    RoundStatus,
    Source,
)

# Longer answers are refused with a message naming the question, never cut.
MAX_ANSWER_CHARS = 5000


@dataclass
class Cleaned:
    value: float | None
    text: str


def item_ranges(round_: Round) -> dict[str, tuple[float, float]]:
    """The answer range of items scored on their own scale, by item code."""
    return {
        code: (low, high)
        for code, low, high in Node.objects.filter(
            system=round_.system, level=Level.ITEM, normalisation=Normalisation.GOALPOSTS
        ).values_list("code", "scale_min", "scale_max")
    }


def clean_answers(
    questions: list[Question],
    raw: dict[str, str],
    ranges: dict | None = None,
    *,
    metadata: dict[str, str] | None = None,
    photos: set[str] | None = None,
) -> tuple[dict[str, Cleaned], dict[str, str]]:
    """Answers as stored, and a message per question name for every one that is not.

    Questions are read in order, as ODK does: a calculation sees the answers and calculations
    above it, and relevance, choice filters and constraints see the calculations. `metadata`
    (by question type) is what the server fills in, over anything the client sent; `photos`
    names the photos sent, to check required ones (None: photos are checked elsewhere).
    """
    ranges = ranges or {}
    cleaned: dict[str, Cleaned] = {}
    errors: dict[str, str] = {}
    given = {name: str(value).strip() for name, value in raw.items() if value is not None}
    if metadata is not None:
        for question in questions:
            if question.type in METADATA_TYPES:
                given[question.name] = metadata.get(question.type, "")
    for question in questions:
        if question.type == QuestionType.NOTE:
            continue
        if not xlsform.evaluate(question.relevant, answers=given):
            given.pop(question.name, None)  # skipped questions keep no answer
            continue
        if question.type == QuestionType.CALCULATE:
            given[question.name] = xpath.calculate(question.calculation, answers=given)
            if given[question.name] != "":
                cleaned[question.name] = Cleaned(_float(given[question.name]), given[question.name])
            continue
        text = given.get(question.name, "")
        if len(text) > MAX_ANSWER_CHARS:
            errors[question.name] = _too_long(question, text)
            continue
        if question.type in METADATA_TYPES:
            if text:
                cleaned[question.name] = Cleaned(None, text)
            continue
        if question.type == QuestionType.PHOTO:
            if photos is not None and question.required and question.name not in photos:
                errors[question.name] = xpath.fill(question.text("required_message"), given) or _(
                    "Take or choose a photo."
                )
            continue  # the photo itself is checked with the uploads
        if not text:
            if question.required:
                errors[question.name] = xpath.fill(question.text("required_message"), given) or _(
                    "This question is required."
                )
            continue
        try:
            answer = _typed(question, text)
        except ValidationError as error:
            errors[question.name] = error.messages[0]
            continue
        if question.choice_filter and not set(text.split()) <= {
            choice["name"] for choice in xpath.allowed_choices(question, given)
        }:
            errors[question.name] = _("This answer is not offered for the answers above it.")
            continue
        if question.constraint and not xlsform.evaluate(
            question.constraint, answers=given, current=text
        ):
            errors[question.name] = xpath.fill(question.text("constraint_message"), given) or _(
                "This answer is not accepted (the form requires %(rule)s)."
            ) % {"rule": question.constraint}
            continue
        low_high = ranges.get(question.indicator_code)
        if low_high and answer.value is not None and not low_high[0] <= answer.value <= low_high[1]:
            errors[question.name] = _("The answer must be between %(low)s and %(high)s.") % {
                "low": _plain(low_high[0]),
                "high": _plain(low_high[1]),
            }
            continue
        cleaned[question.name] = answer
    unknown = sorted(set(given) - {q.name for q in questions})
    for name in unknown:
        errors[name] = _("The form has no question named “%(name)s”.") % {"name": name}
    return cleaned, errors


def _too_long(question: Question, text: str) -> str:
    return _(
        "“%(question)s”: the answer has %(length)s characters; at most %(limit)s are accepted."
    ) % {
        "question": question.text("label") or question.name,
        "length": len(text),
        "limit": MAX_ANSWER_CHARS,
    }


def _float(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def metadata_values(*, actor, client_id, started_at=None, now=None) -> dict[str, str]:
    """What the server fills in for XLSForm metadata, as ODK writes it (local time, ISO)."""
    now = now or timezone.now()
    signed_in = actor is not None and actor.is_authenticated
    return {
        QuestionType.START: timezone.localtime(started_at or now).isoformat(
            timespec="milliseconds"
        ),
        QuestionType.END: timezone.localtime(now).isoformat(timespec="milliseconds"),
        QuestionType.TODAY: timezone.localdate(now).isoformat(),
        QuestionType.USERNAME: actor.get_username() if signed_in else "",
        QuestionType.DEVICEID: str(client_id),
        QuestionType.PHONENUMBER: getattr(actor, "phone", "") if signed_in else "",
        QuestionType.EMAIL: actor.email if signed_in else "",
    }


def _plain(number: float) -> str:
    return f"{number:g}"


def _typed(question: Question, text: str) -> Cleaned:
    kind = question.type
    if kind == QuestionType.INTEGER:
        try:
            return Cleaned(float(int(text)), "")
        except ValueError:
            raise ValidationError(_("Enter a whole number.")) from None
    if kind == QuestionType.DECIMAL:
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(_("Enter a number.")) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValidationError(_("Enter a number."))
        return Cleaned(number, "")
    if kind == QuestionType.SELECT_ONE:
        choice = next((c for c in question.choices if c["name"] == text), None)
        if choice is None:
            raise ValidationError(_("Choose one of the listed answers."))
        return Cleaned(choice.get("score"), text)
    if kind == QuestionType.SELECT_MULTIPLE:
        names = {c["name"] for c in question.choices}
        picked = text.split()
        if not set(picked) <= names:
            raise ValidationError(_("Choose among the listed answers."))
        return Cleaned(float(len(picked)), " ".join(picked))
    if kind == QuestionType.DATE:
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None
        return Cleaned(None, text)
    if kind == QuestionType.GEOPOINT:
        parts = text.split()
        try:
            lat, lng = float(parts[0]), float(parts[1])
        except (IndexError, ValueError):
            raise ValidationError(_("Enter a location as latitude and longitude.")) from None
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise ValidationError(_("Enter a location as latitude and longitude."))
        return Cleaned(None, text)
    return Cleaned(None, text)


def check_location(latitude, longitude, accuracy) -> tuple:
    """GPS from the phone: both coordinates or neither, within range."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None, None
    try:
        lat, lng = float(latitude), float(longitude)
        acc = None if accuracy in (None, "") else float(accuracy)
    except (TypeError, ValueError):
        raise ValidationError(
            {"latitude": _("The location from the phone is not valid.")}
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError({"latitude": _("The location from the phone is not valid.")})
    return lat, lng, acc


def submit_response(
    *,
    round_: Round,
    client_id: uuid.UUID,
    answers: dict[str, str],
    actor,
    source: str,
    site=None,
    district=None,
    street=None,
    industry=None,
    latitude=None,
    longitude=None,
    accuracy=None,
    photos: dict | None = None,
    submitted_at=None,
    started_at=None,
    site_required: bool = False,
    is_demo: bool = False,
) -> tuple[Response, bool]:
    """Store a response once: a retried submission with the same client id returns the first."""
    existing = Response.objects.filter(round=round_, client_id=client_id).first()
    if existing is not None:
        return existing, False
    if round_.status != RoundStatus.COLLECTING and source != Source.IMPORT:
        raise ValidationError(_("This round is not collecting answers."), code="not_collecting")
    questions = list(round_.instrument.questions.all())
    photos = photos or {}
    now = timezone.now()
    # The server fills metadata for its own forms; imports and the API bring their own.
    metadata = (
        metadata_values(actor=actor, client_id=client_id, started_at=started_at, now=now)
        if source in (Source.WEB, Source.PUBLIC)
        else None
    )
    cleaned, errors = clean_answers(
        questions, answers, item_ranges(round_), metadata=metadata, photos=set(photos)
    )
    checked_photos = []
    by_name = {q.name: q for q in questions}
    for name, upload in photos.items():
        question = by_name.get(name)
        if question is None or question.type != QuestionType.PHOTO:
            errors[name] = _("The form has no photo question named “%(name)s”.") % {"name": name}
            continue
        try:
            picture = prepare_photo(upload, field=question.text("label") or question.name)
        except ValidationError as error:
            errors[name] = error.messages[0]
            continue
        checked_photos.append((question, picture))
    if site_required and site is None:
        errors["site"] = _("Choose the site you inspected.")
    if site is not None and site.evaluation_id != round_.evaluation_id:
        errors["site"] = _("This site is not in the round's sampling frame.")
    lat, lng, acc = check_location(latitude, longitude, accuracy)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            # The round's row first, then the answers' tallies (Tally, locked by the trigger),
            # in the order an import takes them: the other order could deadlock with one.
            Round.objects.filter(pk=round_.pk).update(answers_revision=F("answers_revision") + 1)
            response = Response.objects.create(
                round=round_,
                client_id=client_id,
                site=site,
                district=site.district if site else district,
                street=site.street if site else street,
                industry=site.industry if site else industry,
                submitted_by=actor if actor is not None and actor.is_authenticated else None,
                source=source,
                submitted_at=submitted_at or now,
                latitude=lat,
                longitude=lng,
                accuracy=acc,
                is_demo=is_demo,
            )
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    round=round_,
                    site=site,
                    question=by_name[name],
                    value=answer.value,
                    text=answer.text,
                )
                for name, answer in cleaned.items()
            )
            for question, picture in checked_photos:
                # Written once the response commits: a rolled-back one leaves no file.
                photo = Photo(
                    response=response, question=question, content_type=picture.content_type
                )
                store_on_commit(photo, "file", picture.content, picture.extension)
                store_on_commit(photo, "thumbnail", picture.thumbnail, picture.extension)
                photo.save()
    except IntegrityError:
        # The same submission arrived twice at once: the other one is stored.
        return Response.objects.get(round=round_, client_id=client_id), False
    return response, True


@transaction.atomic
def void_response(*, response: Response, actor, reason: str) -> Response:
    """Set a response aside (never deleted): it stops counting, with who, when and why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the response is set aside.")})
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.voided_at is None:
        # The round's row before the tallies the response leaves (as submit_response).
        Round.objects.filter(pk=response.round_id).update(
            answers_revision=F("answers_revision") + 1
        )
        response.voided_at = timezone.now()
        response.void_reason = reason.strip()[:300]
        response.save(update_fields=["voided_at", "void_reason"])
        log_action(
            actor=actor,
            action="surveys.response.void",
            obj=response,
            changes={"reason": response.void_reason},
        )
    return response

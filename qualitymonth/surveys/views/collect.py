"""Collecting answers: inspectors on their phones, and public respondents by link."""

import datetime
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.clients import over_limit
from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.surveys import selectors, xlsform, xpath
from qualitymonth.surveys.forms import RespondentForm
from qualitymonth.surveys.models import (
    NOT_ASKED_TYPES,
    QuestionType,
    Round,
    RoundStatus,
    Site,
    Source,
    UnitOfAnalysis,
)
from qualitymonth.surveys.services import pending
from qualitymonth.surveys.services.responses import submit_response

STARTED_SALT = "surveys.form-started"
# Calculations and metadata: worked out or filled in by the server, not shown.
ASKED_NOT = NOT_ASKED_TYPES - {QuestionType.NOTE}


@login_required
def my_rounds(request):
    return render(
        request, "surveys/my_rounds.html", {"rounds": selectors.rounds_for_inspector(request.user)}
    )


def _answers_from(request, questions) -> dict[str, str]:
    answers = {}
    for question in questions:
        if question.type == QuestionType.SELECT_MULTIPLE:
            picked = request.POST.getlist(question.name)
            if picked:
                answers[question.name] = " ".join(picked)
        elif question.type not in (QuestionType.PHOTO, *NOT_ASKED_TYPES):
            value = request.POST.get(question.name)
            if value not in (None, ""):
                answers[question.name] = value
    return answers


def _photos_from(request, questions) -> dict:
    return {
        q.name: request.FILES[q.name]
        for q in questions
        if q.type == QuestionType.PHOTO and q.name in request.FILES
    }


def _client_id(request) -> uuid.UUID:
    try:
        return uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        raise ValidationError({"client_id": _("The form is out of date; open it again.")}) from None


def _started(request):
    """When the form was opened (XLSForm `start`), signed into the form by the server."""
    try:
        return datetime.datetime.fromisoformat(
            signing.loads(request.POST.get("started", ""), salt=STARTED_SALT, max_age=7 * 86400)
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _messages(errors) -> dict[str, str]:
    """One readable message per field, never a Python list."""
    return {
        name: " ".join(str(m) for m in (value if isinstance(value, (list, tuple)) else [value]))
        for name, value in (errors or {}).items()
    }


def _form_context(round_, questions, *, answers=None, errors=None, client_id=None, **extra):
    answers = answers or {}
    errors = _messages(errors)
    in_force = xlsform.in_force(questions, answers)
    pending = extra.pop("pending", {})
    asked = []
    for question in questions:
        if question.type in ASKED_NOT:
            continue  # worked out or filled in by the server, nothing to ask
        question.answer = answers.get(question.name, "")
        question.picked = question.answer.split() if question.answer else []
        question.error = errors.get(question.name, "")
        question.shown = xpath.evaluate(question.relevant, answers=in_force)
        # In the reader's language when the XLSForm gives it (`label::English (en)`).
        label, hint = question.text("label"), question.text("hint")
        question.shown_label = xpath.fill(label, in_force)
        question.shown_hint = xpath.fill(hint, in_force)
        question.templated = "${" in label or "${" in hint
        question.shown_choices = question.local_choices()
        question.offered = {c["name"] for c in xpath.allowed_choices(question, in_force)}
        question.pending = pending.get(question.name, "")
        asked.append(question)
    general = [errors[key] for key in ("__all__", "client_id") if key in errors]
    summary = [
        {"anchor": f"field-{q.name}", "label": q.shown_label, "message": q.error}
        for q in asked
        if q.error
    ]
    if "site" in errors:
        summary.insert(0, {"anchor": "field-site", "label": _("Site"), "message": errors["site"]})
    if "latitude" in errors:
        general.append(errors["latitude"])
    return {
        "round": round_,
        "questions": asked,
        "client_id": client_id or uuid.uuid4(),
        "started": extra.pop("started", "")
        or signing.dumps(timezone.now().isoformat(), salt=STARTED_SALT),
        "errors": errors,
        "general_errors": general,
        "error_summary": summary,
        **extra,
    }


def _picker_context(request, round_, *, site=None, data=None) -> dict:
    """The site picker: its filters and the matching sites, the chosen one first."""
    data = data if data is not None else request.GET
    near = None
    try:
        lat, lon = float(data.get("site_lat", "")), float(data.get("site_lon", ""))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            near = (lat, lon)
    except ValueError:
        pass
    districts, streets = selectors.frame_districts_and_streets(round_)
    sites = selectors.picker_sites(
        round_,
        text=data.get("site_q", ""),
        district=data.get("site_district", ""),
        street=data.get("site_street", ""),
        near=near,
        selected=str(site.pk) if site else data.get("site", ""),
    )
    return {
        "round": round_,
        "picker": {
            "text": data.get("site_q", ""),
            "district": data.get("site_district", ""),
            "street": data.get("site_street", ""),
            "near": near,
            "districts": districts,
            "streets": streets,
            "chosen": str(site.pk) if site else data.get("site", ""),
            "sites": sites,
            "located": any(getattr(s, "distance_m", None) is not None for s in sites),
            "limit": selectors.PICKER_LIMIT,
            "more": len(sites) >= selectors.PICKER_LIMIT,
        },
    }


def _collect_round(request, pk) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "instrument"), pk=pk)
    require_perm_or_404(request.user, "surveys.view_round", round_)
    return round_


@login_required
def collect(request, pk):
    round_ = _collect_round(request, pk)
    questions = list(round_.instrument.questions.all())
    by_site = round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE
    has_sites = Site.objects.filter(evaluation=round_.evaluation).exists()
    if request.method == "POST":
        if not request.user.has_perm("surveys.collect", round_):
            raise Http404
        answers = _answers_from(request, questions)
        site = (
            Site.objects.filter(evaluation=round_.evaluation, pk=request.POST.get("site"))
            .select_related("district", "street")
            .first()
            if str(request.POST.get("site", "")).isdigit()
            else None
        )
        uploads = _photos_from(request, questions)
        client_id = None
        try:
            client_id = _client_id(request)
            # A photo kept from a refused try counts unless a new one replaces it.
            photos = {**pending.pending_files(request.session, client_id), **uploads}
            _response, created = submit_response(
                round_=round_,
                client_id=client_id,
                answers=answers,
                actor=request.user,
                source=Source.WEB,
                site=site,
                latitude=request.POST.get("latitude"),
                longitude=request.POST.get("longitude"),
                accuracy=request.POST.get("accuracy"),
                photos=photos,
                started_at=_started(request),
                site_required=by_site,
            )
        except ValidationError as error:
            found = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
            if client_id is not None:
                pending.keep(
                    request.session,
                    client_id,
                    {name: upload for name, upload in uploads.items() if name not in found},
                )
            context = _form_context(
                round_,
                questions,
                answers=answers,
                errors=found,
                client_id=client_id,
                pending=pending.pending_names(request.session, client_id) if client_id else {},
                has_sites=has_sites,
                can_collect=True,
                started=request.POST.get("started", ""),
                todays=selectors.todays_records(round_, request.user),
                **_picker_context(request, round_, site=site, data=request.POST),
            )
            return render(request, "surveys/collect.html", context, status=400)
        pending.drop(request.session, client_id)
        if created:
            messages.success(request, _("The inspection is recorded."))
        else:
            messages.info(request, _("This inspection was already recorded; it is stored once."))
        return redirect("surveys:collect", pk=round_.pk)
    if round_.status != RoundStatus.COLLECTING:
        messages.info(request, _("This round is not collecting answers."))
    return render(
        request,
        "surveys/collect.html",
        _form_context(
            round_,
            questions,
            has_sites=has_sites,
            can_collect=request.user.has_perm("surveys.collect", round_),
            todays=selectors.todays_records(round_, request.user),
            **_picker_context(request, round_),
        ),
    )


@login_required
def site_picker(request, pk):
    """The picker's list of sites for a search, filter or the phone's location (htmx)."""
    round_ = _collect_round(request, pk)
    return render(request, "surveys/_site_picker_results.html", _picker_context(request, round_))


@login_required
def my_record(request, pk, response_pk):
    """One of today's records, as its inspector sent it; another's answers 404."""
    round_ = _collect_round(request, pk)
    response = selectors.own_response(round_, request.user, response_pk)
    answers = {
        a.question_id: a for a in response.answers.select_related("question").order_by("question")
    }
    rows = [
        {"label": q.text("label"), "answer": answers[q.pk].text or _plain(answers[q.pk].value)}
        for q in round_.instrument.questions.all()
        if q.pk in answers
    ]
    photos = response.photos.select_related("question").order_by("question__position", "pk")
    return render(
        request,
        "surveys/my_record.html",
        {"round": round_, "response": response, "rows": rows, "photos": photos},
    )


def _plain(value) -> str:
    return "" if value is None else f"{value:g}"


@require_POST
def relevance(request, pk):
    """The form's logic, live: which questions show, which choices are offered, and labels
    with `${name}` filled in, for the answers so far (calculations included)."""
    round_ = get_object_or_404(Round, pk=pk)
    by_link = round_.public_link is not None and str(round_.public_link) == request.POST.get("link")
    if not by_link and not request.user.has_perm("surveys.view_round", round_):
        raise Http404
    questions = list(round_.instrument.questions.all())
    in_force = xlsform.in_force(questions, _answers_from(request, questions))
    return JsonResponse(
        {
            "shown": [
                q.name
                for q in questions
                if q.type not in ASKED_NOT and xpath.evaluate(q.relevant, answers=in_force)
            ],
            "choices": {
                q.name: [c["name"] for c in xpath.allowed_choices(q, in_force)]
                for q in questions
                if q.choice_filter
            },
            "labels": {
                q.name: {
                    "label": xpath.fill(q.text("label"), in_force),
                    "hint": xpath.fill(q.text("hint"), in_force),
                }
                for q in questions
                if "${" in q.text("label") or "${" in q.text("hint")
            },
        }
    )


def answer_by_link(request, link):
    """A public questionnaire: anyone with the link, no sign-in, rate-limited per client."""
    round_ = get_object_or_404(Round.objects.select_related("evaluation"), public_link=link)
    if round_.status != RoundStatus.COLLECTING:
        return render(request, "surveys/closed.html", {"round": round_}, status=410)
    questions = list(round_.instrument.questions.all())
    respondent = RespondentForm(request.POST or None)
    if request.method == "POST":
        answers = _answers_from(request, questions)
        uploads = _photos_from(request, questions)
        client_id = None
        errors = {}
        limited = over_limit(request, group="surveys.answer", rate=settings.SURVEY_ANSWER_RATE)
        if limited:
            errors["__all__"] = [
                _("Too many answers from your connection. Please try again later.")
            ]
        try:
            client_id = _client_id(request)
            photos = {**pending.pending_files(request.session, client_id), **uploads}
            if errors or not respondent.is_valid():
                raise ValidationError(
                    errors or {"__all__": [_("Check the district and industry.")]}
                )
            submit_response(
                round_=round_,
                client_id=client_id,
                answers=answers,
                actor=request.user,
                source=Source.PUBLIC,
                district=respondent.cleaned_data["district"],
                industry=respondent.cleaned_data["industry"],
                photos=photos,
                started_at=_started(request),
            )
        except ValidationError as error:
            found = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
            if client_id is not None and "__all__" not in errors:
                pending.keep(
                    request.session,
                    client_id,
                    {name: upload for name, upload in uploads.items() if name not in found},
                )
            context = _form_context(
                round_,
                questions,
                answers=answers,
                errors=found,
                client_id=client_id,
                pending=pending.pending_names(request.session, client_id) if client_id else {},
                respondent=respondent,
                public=True,
                can_collect=True,
                started=request.POST.get("started", ""),
            )
            # Over the client's budget: 429 (nothing stored), else the answers' errors: 400.
            return render(request, "surveys/collect.html", context, status=429 if limited else 400)
        pending.drop(request.session, client_id)
        return render(request, "surveys/thanks.html", {"round": round_})
    return render(
        request,
        "surveys/collect.html",
        _form_context(round_, questions, respondent=respondent, public=True, can_collect=True),
    )

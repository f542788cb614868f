"""Collecting answers: inspectors on their phones, and public respondents by link."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.clients import over_limit
from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.surveys import selectors, xlsform
from qualitymonth.surveys.forms import RespondentForm
from qualitymonth.surveys.models import (
    QuestionType,
    Round,
    RoundStatus,
    Site,
    Source,
    UnitOfAnalysis,
)
from qualitymonth.surveys.services.responses import submit_response


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
        elif question.type not in (QuestionType.PHOTO, QuestionType.NOTE):
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


def _form_context(round_, questions, *, answers=None, errors=None, client_id=None, **extra):
    answers = answers or {}
    for question in questions:
        question.answer = answers.get(question.name, "")
        question.picked = question.answer.split() if question.answer else []
        question.error = (errors or {}).get(question.name, "")
        question.shown = xlsform.evaluate(question.relevant, answers=answers)
    errors = errors or {}
    general = [*errors.get("__all__", []), *errors.get("site", []), *errors.get("client_id", [])]
    return {
        "round": round_,
        "questions": questions,
        "client_id": client_id or uuid.uuid4(),
        "errors": errors,
        "general_errors": general,
        **extra,
    }


@login_required
def collect(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "instrument"), pk=pk)
    require_perm_or_404(request.user, "surveys.view_round", round_)
    questions = list(round_.instrument.questions.all())
    sites = Site.objects.filter(evaluation=round_.evaluation).select_related("district")
    if request.method == "POST":
        if not request.user.has_perm("surveys.collect", round_):
            raise Http404
        answers = _answers_from(request, questions)
        site = sites.filter(pk=request.POST.get("site") or 0).first()
        errors = {}
        if round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE and site is None:
            errors["site"] = _("Choose the site you inspected.")
        try:
            client_id = _client_id(request)
            if errors:
                raise ValidationError(errors)
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
                photos=_photos_from(request, questions),
            )
        except ValidationError as error:
            context = _form_context(
                round_,
                questions,
                answers=answers,
                errors=error.message_dict
                if hasattr(error, "error_dict")
                else {"__all__": error.messages},
                client_id=request.POST.get("client_id"),
                sites=sites,
                site=site,
            )
            return render(request, "surveys/collect.html", context, status=400)
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
            sites=sites,
            can_collect=request.user.has_perm("surveys.collect", round_),
        ),
    )


@require_POST
def relevance(request, pk):
    """Which questions to show for the answers so far: the form's skip logic, live."""
    round_ = get_object_or_404(Round, pk=pk)
    by_link = round_.public_link is not None and str(round_.public_link) == request.POST.get("link")
    if not by_link and not request.user.has_perm("surveys.view_round", round_):
        raise Http404
    questions = list(round_.instrument.questions.all())
    answers = _answers_from(request, questions)
    shown = [q.name for q in questions if xlsform.evaluate(q.relevant, answers=answers)]
    return JsonResponse({"shown": shown})


def answer_by_link(request, link):
    """A public questionnaire: anyone with the link, no sign-in, rate-limited per client."""
    round_ = get_object_or_404(Round.objects.select_related("evaluation"), public_link=link)
    if round_.status != RoundStatus.COLLECTING:
        return render(request, "surveys/closed.html", {"round": round_}, status=410)
    questions = list(round_.instrument.questions.all())
    respondent = RespondentForm(request.POST or None)
    if request.method == "POST":
        answers = _answers_from(request, questions)
        errors = {}
        if over_limit(request, group="surveys.answer", rate=settings.SURVEY_ANSWER_RATE):
            errors["__all__"] = [
                _("Too many answers from your connection. Please try again later.")
            ]
        try:
            if errors or not respondent.is_valid():
                raise ValidationError(
                    errors or {"__all__": [_("Check the district and industry.")]}
                )
            submit_response(
                round_=round_,
                client_id=_client_id(request),
                answers=answers,
                actor=request.user,
                source=Source.PUBLIC,
                district=respondent.cleaned_data["district"],
                industry=respondent.cleaned_data["industry"],
                photos=_photos_from(request, questions),
            )
        except ValidationError as error:
            context = _form_context(
                round_,
                questions,
                answers=answers,
                errors=error.message_dict,
                client_id=request.POST.get("client_id"),
                respondent=respondent,
                public=True,
            )
            return render(request, "surveys/collect.html", context, status=400)
        return render(request, "surveys/thanks.html", {"round": round_})
    return render(
        request,
        "surveys/collect.html",
        _form_context(round_, questions, respondent=respondent, public=True, can_collect=True),
    )

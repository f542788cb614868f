"""The secretariat's round page: every step from the call to the final list, and exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.awards import exports, selectors, services
from qualitymonth.awards.forms import (
    AssignForm,
    NoticeForm,
    PublishNoticeForm,
    ReasonForm,
    ResolveForm,
)
from qualitymonth.awards.models import (
    Application,
    ApplicationStatus,
    NoticeKind,
    Objection,
    Review,
    RoundStatus,
)
from qualitymonth.core.spreadsheets import XLSX, to_csv, to_xlsx


def _assign_form(round_, data=None):
    return AssignForm(
        data,
        applications=round_.applications.filter(status=ApplicationStatus.IN_REVIEW),
        reviewers=selectors.panel_reviewers(round_),
    )


def _publish_question(progress) -> str:
    """The confirmation asked before the proposed list goes on public notice."""
    if progress is None or progress.complete:
        return _("Publish the proposed list for public notice? This cannot be undone.")
    return _(
        "The review is not complete (%(summary)s). Publish the proposed list for public "
        "notice anyway? This cannot be undone."
    ) % {"summary": progress.summary()}


def manage(request, pk):
    round_ = selectors.get_round_to_manage(request.user, pk)
    notice = round_.notices.filter(kind=NoticeKind.PROPOSED).first()
    progress = selectors.review_progress(round_) if round_.status == RoundStatus.REVIEW else None
    publish_form = PublishNoticeForm(progress=progress)
    return render(
        request,
        "awards/manage.html",
        {
            "round": round_,
            "progress": progress,
            "override_field": publish_form["override"]
            if "override" in publish_form.fields
            else None,
            "publish_question": _publish_question(progress),
            "counts": selectors.status_counts(round_),
            "board": selectors.assignment_board(round_),
            "ranking": selectors.ranking_of(round_) if round_.rubric else [],
            "grades": round_.grades.all(),
            "assign_form": _assign_form(round_),
            "notice_form": NoticeForm(),
            "notice": notice,
            "objections": selectors.open_objections(notice) if notice else [],
            "resolve_form": ResolveForm(),
            "reason_form": ReasonForm(),
        },
    )


def _reason(request) -> str:
    """The reason typed in; an empty one is refused by the service with its own message."""
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


def _run(request, work, success: str):
    try:
        result = work()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, success)
    return result


@require_POST
def step(request, pk, step):
    round_ = selectors.get_round_to_manage(request.user, pk)
    progress = selectors.review_progress(round_) if step == "notice" else None
    form = PublishNoticeForm(request.POST, progress=progress)
    form.is_valid()
    text = form.cleaned_data.get("text", "")
    text_en = form.cleaned_data.get("text_en", "")
    # An explicit choice on the page; the service checks again under the round's lock.
    override = bool(form.cleaned_data.get("override"))
    actions = {
        "open": (
            lambda: services.open_call(actor=request.user, round=round_),
            _("The call is published."),
        ),
        "close": (
            lambda: services.close_applications(actor=request.user, round=round_),
            _("Applications are closed; the review can begin."),
        ),
        "notice": (
            lambda: services.publish_proposed_list(
                actor=request.user, round=round_, text=text, text_en=text_en, override=override
            ),
            _("The proposed list is on public notice."),
        ),
        "final": (
            lambda: services.publish_final_list(
                actor=request.user, round=round_, text=text, text_en=text_en
            ),
            _("The final list is published and the certificates are issued."),
        ),
    }
    if step not in actions:
        raise Http404
    work, success = actions[step]
    _run(request, work, success)
    return redirect("awards:manage", pk=round_.pk)


@require_POST
def assign(request, pk):
    round_ = selectors.get_round_to_manage(request.user, pk)
    form = _assign_form(round_, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an application and a reviewer."))
    else:
        _run(
            request,
            lambda: services.assign_reviewer(
                actor=request.user,
                application=form.cleaned_data["application"],
                reviewer=form.cleaned_data["reviewer"],
            ),
            _("The reviewer was assigned."),
        )
    return redirect("awards:manage", pk=round_.pk)


@require_POST
def auto_assign(request, pk):
    round_ = selectors.get_round_to_manage(request.user, pk)
    result = _run(
        request,
        lambda: services.auto_assign(actor=request.user, round=round_),
        _("Reviewers were assigned automatically."),
    )
    if result:
        made, short = result
        messages.info(request, _("%(n)s assignments made.") % {"n": made})
        if short:
            messages.warning(
                request,
                _("Still short of reviewers: %(names)s.")
                % {"names": "、".join(a.holder_name for a in short)},
            )
    return redirect("awards:manage", pk=round_.pk)


@require_POST
def reopen(request, pk, review_pk):
    round_ = selectors.get_round_to_manage(request.user, pk)
    review = get_object_or_404(Review, pk=review_pk, assignment__application__round=round_)
    reason = _reason(request)
    _run(
        request,
        lambda: services.reopen_review(actor=request.user, review=review, reason=reason),
        _("The review is open again for its reviewer."),
    )
    return redirect("awards:manage", pk=round_.pk)


@require_POST
def grades(request, pk):
    round_ = selectors.get_round_to_manage(request.user, pk)
    chosen = {}
    for key, value in request.POST.items():
        if key.startswith("grade_") and key[6:].isdigit():
            chosen[int(key[6:])] = int(value) if value.isdigit() else None
    result = _run(
        request,
        lambda: services.propose_grades(actor=request.user, round=round_, grades=chosen),
        _("The proposed grades were saved."),
    )
    if result is not None:
        messages.info(request, _("%(n)s grades changed.") % {"n": result})
    return redirect("awards:manage", pk=round_.pk)


@require_POST
def resolve(request, pk, objection_pk):
    round_ = selectors.get_round_to_manage(request.user, pk)
    objection = get_object_or_404(Objection, pk=objection_pk, notice__round=round_)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record the finding and what was decided."))
        return redirect("awards:manage", pk=round_.pk)

    def work():
        services.resolve_objection(
            actor=request.user,
            objection=objection,
            upheld=form.cleaned_data["upheld"],
            outcome=form.cleaned_data["outcome"],
        )
        if form.cleaned_data["withdraw"]:
            services.withdraw_entry(
                actor=request.user,
                application=objection.application,
                reason=form.cleaned_data["outcome"],
            )

    _run(request, work, _("The objection was resolved."))
    return redirect("awards:manage", pk=round_.pk)


@require_POST
def withdraw(request, pk, application_pk):
    round_ = selectors.get_round_to_manage(request.user, pk)
    application = get_object_or_404(Application, pk=application_pk, round=round_)
    reason = _reason(request)
    _run(
        request,
        lambda: services.withdraw_entry(actor=request.user, application=application, reason=reason),
        _("%(name)s was withdrawn from the list.") % {"name": application.holder_name},
    )
    return redirect("awards:manage", pk=round_.pk)


def export(request, pk, what, fmt):
    round_ = selectors.get_round_to_manage(request.user, pk)
    tables = {"scores": exports.score_table, "results": exports.result_table}
    if what not in tables or fmt not in ("xlsx", "csv"):
        raise Http404
    header, rows = tables[what](round_)
    name = f"round-{round_.pk}-{what}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(header, rows, sheet=what), content_type=XLSX)
    else:
        response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def evidence(request, pk, objection_pk):
    round_ = selectors.get_round_to_manage(request.user, pk)
    objection = get_object_or_404(Objection, pk=objection_pk, notice__round=round_)
    if not objection.evidence:
        raise Http404
    try:
        handle = objection.evidence.open("rb")
    except FileNotFoundError:  # written after the commit, which a crash may have prevented
        raise Http404 from None
    return FileResponse(
        handle,
        content_type=objection.evidence_type,
        filename=objection.evidence_name,
    )

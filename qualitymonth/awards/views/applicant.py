"""Applicants and recommending units: draft, attach, submit, follow; endorse or decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.awards import certificates, selectors, services
from qualitymonth.awards.forms import ApplicationForm, AttachmentForm, RecommendForm, StartForm
from qualitymonth.awards.models import ApplicantKind, ApplicationStatus, Attachment
from qualitymonth.awards.services.applications import application_version
from qualitymonth.core.forms import save_with
from qualitymonth.core.pdf import NoChineseFont
from qualitymonth.core.questions.answers import displayed_answers
from qualitymonth.organizations.models import Unit
from qualitymonth.organizations.selectors import staff_unit_ids


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
def start(request, pk):
    round_ = selectors.get_public_round(pk)
    units = Unit.objects.filter(pk__in=staff_unit_ids(request.user)).order_by("name")
    form = StartForm(request.POST or None, units=units)
    if round_.program.applicant_kind == ApplicantKind.UNIT and not units.exists():
        messages.error(request, _("Only staff of a unit can apply to this program."))
        return redirect(round_)

    def begin(data):
        return services.start_application(actor=request.user, round=round_, unit=data["unit"])

    application = save_with(request, form, begin, _("Your draft application was created."))
    if application:
        return redirect(application)
    return render(request, "awards/start.html", {"round": round_, "form": form})


@login_required
def mine(request):
    return render(
        request,
        "awards/my_applications.html",
        {
            "applications": selectors.applications_of(request.user)[:200],
            "recommendations": selectors.recommendations_for(request.user)[:200],
        },
    )


def _initial(application, questions):
    initial = {
        "title": application.title,
        "holder_name": application.holder_name,
        "recommending_unit": application.recommending_unit,
        "version": application_version(application, questions),
    }
    initial.update({f"field_{key}": value for key, value in application.answers.items()})
    return initial


@login_required
def application_detail(request, pk):
    application = selectors.get_application(request.user, pk)
    round_ = application.round
    editable = application.status == ApplicationStatus.DRAFT and request.user.has_perm(
        "awards.edit_application", application
    )
    questions = list(round_.fields.all())
    form = ApplicationForm(
        request.POST if editable and request.method == "POST" else None,
        round=round_,
        initial=_initial(application, questions),
    )
    if editable:

        def save(data):
            return services.update_application(
                actor=request.user,
                application=application,
                title=data["title"],
                holder_name=data["holder_name"],
                recommending_unit=data.get("recommending_unit"),
                answers=request.POST,
                version=data["version"],
            )

        if save_with(request, form, save, _("The application was saved.")):
            return redirect(application)
    return render(
        request,
        "awards/application_detail.html",
        {
            "application": application,
            "round": round_,
            "form": form,
            "editable": editable,
            "attachment_form": AttachmentForm(round=round_),
            "attachments": application.attachments.select_related("kind"),
            "answers": displayed_answers(questions, application.answers, stored_key="{pk}"),
            "can_recommend": request.user.has_perm("awards.recommend_application", application)
            and application.status == ApplicationStatus.SUBMITTED,
            "recommend_form": RecommendForm(),
            "certificate": getattr(application, "certificate", None),
        },
    )


@require_POST
@login_required
def attach(request, pk):
    application = selectors.get_application(request.user, pk, "awards.edit_application")
    form = AttachmentForm(request.POST, request.FILES, round=application.round)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(application)
    try:
        services.add_attachment(
            actor=request.user,
            application=application,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The file was attached."))
    return redirect(application)


@require_POST
@login_required
def detach(request, pk, attachment_pk):
    application = selectors.get_application(request.user, pk, "awards.edit_application")
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    try:
        services.remove_attachment(actor=request.user, attachment=attachment)
    except ValidationError as error:
        _error(request, error)
    return redirect(application)


@require_POST
@login_required
def submit(request, pk):
    application = selectors.get_application(request.user, pk, "awards.edit_application")
    try:
        services.submit_application(actor=request.user, application=application)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The application was submitted."))
    return redirect(application)


@require_POST
@login_required
def recommend(request, pk):
    application = selectors.get_application(request.user, pk, "awards.recommend_application")
    form = RecommendForm(request.POST)
    if form.is_valid():
        try:
            services.recommend_application(
                actor=request.user,
                application=application,
                endorse=form.cleaned_data["decision"] == "endorse",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("The unit's decision was recorded."))
    return redirect(application)


@login_required
def attachment_file(request, pk):
    """For the applicant, the recommending unit, the secretariat and assigned reviewers."""
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    user, application = request.user, attachment.application
    allowed = user.has_perm("awards.open_application", application) or any(
        user.has_perm("awards.review_application", assignment)
        for assignment in application.assignments.filter(reviewer=user)
    )
    if not allowed:
        raise Http404
    name = attachment.name
    if application.round.blind and not user.has_perm("awards.open_application", application):
        name = f"{attachment.pk}"  # the uploaded name may give the applicant away
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:  # written after the commit, which a crash may have prevented
        raise Http404 from None
    return FileResponse(handle, content_type=attachment.content_type, filename=name)


@login_required
def certificate_pdf(request, pk):
    application = selectors.get_application(request.user, pk)
    certificate = getattr(application, "certificate", None)
    if certificate is None:
        raise Http404
    try:
        pdf = certificates.certificate_pdf(certificate, request)
    except NoChineseFont:
        messages.error(request, _("No Chinese font is installed on the server."))
        return redirect(application)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.pdf"'
    return response

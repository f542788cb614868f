from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.members import selectors_pages as pages
from qualitymonth.members.forms import DecisionForm, JoinForm, MoreForm
from qualitymonth.members.services import joining


@require_http_methods(["GET", "POST"])
def apply(request):
    form = JoinForm(request.POST or None, request.FILES or None)
    saved = save_with(
        request,
        form,
        lambda data: joining.submit_application(actor=request.user, **data),
        _("Your application has been sent to the secretariat. We will write to you by e-mail."),
    )
    if saved:
        return redirect("members:apply_done")
    return render(request, "members/apply.html", {"form": form})


def apply_done(request):
    return render(request, "members/apply_done.html")


@require_http_methods(["GET", "POST"])
def apply_more(request, token):
    """The page the applicant reaches by the signed link in the e-mail asking for more: a
    link forged, expired or already used answers as if there were no such page."""
    application = joining.application_for_token(token)
    if application is None:
        raise Http404
    form = MoreForm(request.POST or None, request.FILES or None)
    saved = save_with(
        request,
        form,
        lambda data: joining.answer_more(application=application, **data),
        _("Your answer has been sent to the secretariat. We will write to you by e-mail."),
    )
    if saved:
        return redirect("members:apply_done")
    return render(request, "members/apply_more.html", {"application": application, "form": form})


@permission_required("members.manage")
def applications(request):
    return render(request, "members/applications.html", {"applications": pages.applications()})


@permission_required("members.manage")
@require_http_methods(["GET", "POST"])
def application_detail(request, pk):
    application = pages.get_application(pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "approve":
                joining.approve(
                    actor=request.user,
                    application=application,
                    association=pages.association_of(request.user),
                    site_url=request.build_absolute_uri("/"),
                )
            elif decision == "more":
                joining.ask_for_more(
                    actor=request.user,
                    application=application,
                    note=note,
                    site_url=request.build_absolute_uri("/"),
                )
            else:
                joining.reject(actor=request.user, application=application, note=note)
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("members:application_detail", pk=application.pk)
    return render(
        request, "members/application_detail.html", {"application": application, "form": form}
    )


@permission_required("members.manage")
def application_licence(request, pk):
    application = pages.get_application(pk)
    return FileResponse(
        application.licence.open("rb"),
        content_type=application.licence_type,
        as_attachment=True,
        filename=application.licence.name.rsplit("/", 1)[-1],
    )


@permission_required("members.manage")
def application_document(request, pk, document_pk):
    application = pages.get_application(pk)
    document = get_object_or_404(application.documents.all(), pk=document_pk)
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.name,
    )

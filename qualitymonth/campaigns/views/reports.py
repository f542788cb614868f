"""Pages where units report (progress on actions, activities) and the secretariat reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.campaigns import selectors, services
from qualitymonth.campaigns.forms import (
    ActivityForm,
    ActivityImportForm,
    ProgressReportForm,
    ReviewForm,
)
from qualitymonth.campaigns.models import ReportState
from qualitymonth.campaigns.services.imports import ActivityImporter, unit_owner
from qualitymonth.core.forms import save_with
from qualitymonth.core.imports_jobs import RepeatedFile, start_import
from qualitymonth.core.permissions import permission_required, require_perm_or_404


@permission_required("campaigns.use_workspace")
def workspace(request):
    user = request.user
    context = {
        "actions": selectors.actions_for(user)[:200],
        "activities": selectors.activities_for(user)[:50],
        "campaign": selectors.latest_campaign(user),
        "is_reviewer": user.has_perm("campaigns.review_report"),
    }
    if context["is_reviewer"]:
        context["progress_queue"] = selectors.progress_reports_to_review()
        context["activity_queue"] = selectors.activities_to_review()
        # Late and silent actions of the year the secretariat picks (the latest by default).
        watched = selectors.chosen_campaign(user, request.GET.get("year"))
        if watched:
            context["watched"] = watched
            context["years"] = selectors.campaigns_visible_to(user).values_list("year", flat=True)
            context["late"] = selectors.late_actions(watched)
            context["silent"] = selectors.silent_actions(watched)
    return render(request, "campaigns/workspace.html", context)


@login_required
def action_detail(request, pk):
    action = selectors.get_action_for(request.user, pk)
    units = selectors.units_responsible(request.user, action)
    children = action.children.select_related("lead_unit")
    form = None
    # An action with sub-actions takes its progress from them: units report on those.
    if units and not children and request.user.has_perm("campaigns.report_progress", action):
        form = ProgressReportForm(request.POST or None, request.FILES or None, units=units)

        def file(data):
            return services.file_progress_report(actor=request.user, action=action, **data)

        if save_with(request, form, file, _("Your report was sent to the secretariat.")):
            return redirect("campaigns:action_detail", pk=action.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "campaigns/action_detail.html",
        {
            "action": action,
            "reports": selectors.reports_of(action),
            "children": children,
            "form": form,
            "review_form": ReviewForm(),
            "can_review": request.user.has_perm("campaigns.review_report"),
            "can_manage": request.user.has_perm("campaigns.manage_campaign"),
        },
    )


@require_POST
@permission_required("campaigns.review_report")
def progress_review(request, pk):
    report = selectors.get_progress_report(pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decide = (
            services.accept_progress_report
            if form.cleaned_data["decision"] == "accept"
            else services.return_progress_report
        )
        try:
            decide(actor=request.user, report=report, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report was reviewed."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("campaigns:action_detail", pk=report.action_id)


@permission_required("campaigns.file_activity")
def activity_create(request, year):
    campaign = selectors.get_campaign(request.user, year)
    units = list(selectors.reporting_units(request.user))
    form = ActivityForm(request.POST or None, request.FILES or None, campaign=campaign, units=units)

    def file(data):
        return services.file_activity(actor=request.user, campaign=campaign, **data)

    activity = save_with(request, form, file, _("Your activity report was sent for review."))
    if activity:
        return redirect("campaigns:report_detail", pk=activity.pk)
    return render(request, "campaigns/activity_form.html", {"form": form, "campaign": campaign})


@permission_required("campaigns.file_activity")
def activity_import(request, year):
    """Check the file at once, then hand it to the worker and show the job's page."""
    campaign = selectors.get_campaign(request.user, year)
    units = list(selectors.reporting_units(request.user))
    form = ActivityImportForm(request.POST or None, request.FILES or None, units=units)
    refused, repeated = [], None
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            job = start_import(
                importer=ActivityImporter,
                actor=request.user,
                owner=unit_owner(unit),
                target=campaign.pk,
                upload=form.cleaned_data["file"],
                options={
                    "good_rows_only": form.cleaned_data["good_rows_only"],
                    "duplicates": form.cleaned_data["already_imported"] or "ask",
                },
                again=request.POST.get("import_again") == "on",
            )
        except RepeatedFile as error:
            refused, repeated = error.messages, error.earlier
        except ValidationError as error:
            refused = error.messages
        else:
            return redirect("import_job", pk=job.pk)
    return render(
        request,
        "campaigns/activity_import.html",
        {"form": form, "campaign": campaign, "refused": refused, "repeated": repeated},
        status=400 if refused else 200,
    )


@login_required
def report_detail(request, pk):
    activity = selectors.get_activity_for(request.user, pk)
    return render(
        request,
        "campaigns/report_detail.html",
        {
            "activity": activity,
            "review_form": ReviewForm(),
            "can_review": request.user.has_perm("campaigns.review_report")
            and activity.state == ReportState.SUBMITTED,
            "can_edit": request.user.has_perm("campaigns.edit_activity", activity),
        },
    )


@login_required
def report_edit(request, pk):
    activity = selectors.get_activity_for(request.user, pk)
    require_perm_or_404(request.user, "campaigns.edit_activity", activity)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        campaign=activity.campaign,
        instance=selectors.get_activity_for(request.user, pk),
    )

    def save(data):
        return services.update_activity(actor=request.user, activity=activity, **data)

    if save_with(request, form, save, _("Your activity report was sent for review.")):
        return redirect("campaigns:report_detail", pk=activity.pk)
    return render(
        request,
        "campaigns/activity_form.html",
        {"form": form, "campaign": activity.campaign, "activity": activity},
    )


@require_POST
@permission_required("campaigns.review_report")
def report_review(request, pk):
    activity = selectors.get_activity_for(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decide = (
            services.accept_activity
            if form.cleaned_data["decision"] == "accept"
            else services.return_activity
        )
        try:
            decide(actor=request.user, activity=activity, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report was reviewed."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("campaigns:report_detail", pk=activity.pk)


@permission_required("campaigns.use_workspace")
def report_list(request):
    state = request.GET.get("state", "")
    if state not in ReportState.values:
        state = ""
    activities = selectors.activities_for(request.user, state=state)
    page = Paginator(activities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/report_list.html",
        {"page": page, "state": state, "states": ReportState.choices},
    )

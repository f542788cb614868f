"""Pilot and demonstration projects: a public list and page; the secretariat records them,
their milestones and their acceptance."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.standards import pilots as services
from qualitymonth.standards import selectors
from qualitymonth.standards.forms import PilotForm
from qualitymonth.standards.views._common import date as _date
from qualitymonth.standards.views._common import errors as _errors


def _page_key(request):
    """Only the page number shows (core/cache.py); None (not kept) for anything but a small one."""
    page = request.GET.get("page", "")
    return (page,) if page == "" or (page.isdigit() and len(page) <= 3) else None


# Pilot projects, their milestones and their units' names.
@anonymous_page("standards", "organizations", key=_page_key)
def pilot_list(request):
    page = Paginator(selectors.pilots(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "standards/pilots.html",
        {"page": page, "may_manage": request.user.has_perm("standards.manage")},
    )


@permission_required("standards.manage")
def pilot_new(request):
    form = PilotForm(request.POST or None, units=selectors.drafting_unit_choices())

    def save(data):
        return services.add_pilot(actor=request.user, **data)

    project = save_with(request, form, save, _("The pilot project is recorded."))
    if project:
        return redirect("standards:pilot", project.pk)
    return render(
        request,
        "standards/pilot_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def pilot(request, pk):
    """The project's page; the secretariat's POSTs add a milestone, mark one reached or
    record the acceptance."""
    project = selectors.pilot(pk)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("standards.manage"):
            raise PermissionDenied
        _act(request, project)
        return redirect("standards:pilot", project.pk)
    return render(
        request,
        "standards/pilot.html",
        {"project": project, "may_manage": request.user.has_perm("standards.manage")},
    )


def _act(request, project) -> None:
    action, post = request.POST.get("action"), request.POST
    try:
        if action == "milestone":
            services.add_milestone(
                actor=request.user,
                project=project,
                title=post.get("title", ""),
                due_on=_date(post.get("due_on", "")),
            )
        elif action == "done":
            milestone = project.milestones.filter(pk=post.get("milestone") or 0).first()
            if milestone is None:
                raise ValidationError(_("Choose a milestone of this project."))
            services.milestone_done(
                actor=request.user, milestone=milestone, done_on=_date(post.get("done_on", ""))
            )
        elif action == "accept":
            services.accept(
                actor=request.user,
                project=project,
                accepted_on=_date(post.get("accepted_on", "")),
                note=post.get("note", ""),
            )
        else:
            raise ValidationError(_("Choose what to record."))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Recorded."))

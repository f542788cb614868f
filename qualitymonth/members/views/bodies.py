from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required, require_perm_or_404
from qualitymonth.members import selectors_pages as pages
from qualitymonth.members.forms import GroupEventForm
from qualitymonth.members.services import groups


@permission_required("members.manage")
def group_list(request):
    return render(request, "members/group_list.html", {"groups": pages.industry_groups()})


def _group_for(request, pk):
    group = pages.get_group(pk)
    require_perm_or_404(request.user, "members.run_group", group)
    return group


def _group_page(request, group, form):
    now = timezone.now()
    events = list(pages.group_events(group))
    context = {
        "group": group,
        "members": pages.group_members(group),
        "visits": pages.group_visits(group),
        "coming": [e for e in events if e.ends_at >= now],
        "past": [e for e in events if e.ends_at < now][::-1],
        "form": form,
    }
    return render(request, "members/group_detail.html", context)


@login_required
def group_detail(request, pk):
    group = _group_for(request, pk)
    return _group_page(request, group, GroupEventForm())


@login_required
@require_POST
def group_event_create(request, pk):
    group = _group_for(request, pk)
    form = GroupEventForm(request.POST)
    saved = save_with(
        request,
        form,
        lambda data: groups.schedule_group_event(actor=request.user, group=group, **data),
        _("Event scheduled."),
    )
    if saved:
        return redirect("members:group_detail", pk=group.pk)
    return _group_page(request, group, form)


@permission_required("members.manage")
def councils(request):
    return render(request, "members/councils.html", {"terms": pages.council_terms()})


@permission_required("members.manage")
def committees(request):
    return render(request, "members/committees.html", {"committees": pages.committees()})

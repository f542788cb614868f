from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qualitymonth.core.permissions import permission_required
from qualitymonth.members import selectors_pages as pages
from qualitymonth.members.forms import VisitForm
from qualitymonth.members.models import FollowUp
from qualitymonth.members.services import visits as services

PAGE_SIZE = 30


@permission_required("members.manage")
def visit_list(request):
    visits = pages.visits_visible_to(request.user)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/visit_list.html", {"page": page})


@permission_required("members.manage")
@require_http_methods(["GET", "POST"])
def visit_create(request):
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            follow_ups = services.parse_follow_ups(data["follow_ups"])
            visit = services.create_visit(
                actor=request.user,
                kind=data["kind"],
                day=data["day"],
                title=data["title"],
                units=list(data["units"]),
                visitors=list(data["visitors"]),
                sites=data["sites"],
                findings=data["findings"],
                needs=services.parse_needs(data["needs"]),
                follow_ups=follow_ups,
                event=data.get("event"),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Visit saved."))
            return redirect("members:visit_detail", pk=visit.pk)
    return render(request, "members/visit_form.html", {"form": form})


@login_required
def visit_detail(request, pk):
    visit = pages.get_visit_for(request.user, pk)
    return render(request, "members/visit_detail.html", {"visit": visit})


@permission_required("members.manage")
def needs(request):
    year = pages.year_from(request.GET.get("year")) if request.GET.get("year") else None
    return render(request, "members/needs.html", {"tags": pages.need_counts(year), "year": year})


@login_required
def my_follow_ups(request):
    return render(
        request, "members/my_follow_ups.html", {"follow_ups": pages.follow_ups_of(request.user)}
    )


@login_required
@require_POST
def follow_up_done(request, pk):
    follow_up = pages._get(FollowUp.objects.filter(owner=request.user), pk)
    services.complete_follow_up(actor=request.user, follow_up=follow_up)
    messages.success(request, _("Marked done."))
    return redirect("members:my_follow_ups")

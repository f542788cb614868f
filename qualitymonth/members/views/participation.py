from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qualitymonth.core.permissions import permission_required
from qualitymonth.members import exports
from qualitymonth.members import selectors_pages as pages
from qualitymonth.members import selectors_participation as figures
from qualitymonth.members.forms import RuleForm
from qualitymonth.members.models import PARTS, ParticipationRule
from qualitymonth.members.tasks import compute_participation


def _rule() -> ParticipationRule:
    return ParticipationRule.objects.order_by("pk").first() or ParticipationRule()


@permission_required("members.manage")
@require_http_methods(["GET", "POST"])
def participation(request):
    year = pages.year_from(request.GET.get("year") or request.POST.get("year"))
    rule = _rule()
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Rule saved. Compute the year again to apply it."))
        return redirect(f"{request.path}?year={year}")
    run = figures.latest_run(year)
    context = {"year": year, "run": run, "form": form, "parts": PARTS, "rule": rule}
    if run is not None:
        context["by"] = {key: figures.breakdown(run, key) for key in figures.FILTERS}
    return render(request, "members/participation.html", context)


@permission_required("members.manage")
@require_POST
def participation_compute(request):
    year = pages.year_from(request.POST.get("year"))
    compute_participation.enqueue(year=year, requested_by=request.user.pk)
    messages.success(
        request,
        _("The figures for %(year)s are being computed; reload in a moment.") % {"year": year},
    )
    return redirect(f"{reverse('members:participation')}?year={year}")


def _entries(request, run_pk):
    run = figures.get_run(run_pk)
    if run is None:
        raise Http404
    took = {"yes": True, "no": False}.get(request.GET.get("took_part", ""))
    filters = {key: request.GET.get(key, "") for key in figures.FILTERS}
    return run, took, filters, figures.entries(run, took_part=took, **filters)


@permission_required("members.manage")
def participation_entries(request, pk):
    run, took, filters, rows = _entries(request, pk)
    return render(
        request,
        "members/participation_entries.html",
        {"run": run, "entries": rows, "took": took, "filters": filters},
    )


@permission_required("members.manage")
def participation_xlsx(request, pk):
    run, _took, _filters, rows = _entries(request, pk)
    header = [
        _("Unit"),
        _("Industry group"),
        _("District"),
        _("Type"),
        _("Took part"),
        *[str(ParticipationRule._meta.get_field(part).verbose_name) for part in run.rule],
    ]
    table = [
        [
            e.unit.name,
            e.group.name if e.group else "",
            e.district.name if e.district else "",
            e.type.name if e.type else "",
            _("yes") if e.took_part else _("no"),
            *["; ".join(label for label, _url in e.records.get(part, [])) for part in run.rule],
        ]
        for e in rows
    ]
    return exports.xlsx_response(f"participation-{run.year}", header, table, str(run.year))

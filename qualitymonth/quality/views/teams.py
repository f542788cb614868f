"""The team registry: registering, importing, each team's years, and the counts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.forms import save_with
from qualitymonth.core.imports_jobs import RepeatedFile, start_import
from qualitymonth.core.permissions import permission_required
from qualitymonth.quality import selectors
from qualitymonth.quality.forms import ImportForm, RegistrationForm, ResultForm
from qualitymonth.quality.models import BenefitKind
from qualitymonth.quality.services import teams as services
from qualitymonth.quality.services.imports import TeamImporter, owner_of


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@permission_required("quality.keep_records")
def teams(request):
    year = _year(request)
    page = Paginator(selectors.registrations_of(request.user, year=year), 50).get_page(
        request.GET.get("page")
    )
    shared = selectors.shared_identities(page.object_list)
    for registration in page.object_list:
        registration.has_shared = bool(
            shared.get((registration.team.enterprise_id, registration.year))
        )
    return render(
        request,
        "quality/teams.html",
        {
            "page": page,
            "year": year,
            "years": selectors.years_registered(),
            "query": f"year={year}" if year else "",
        },
    )


@permission_required("quality.keep_records")
def register(request):
    enterprises = selectors.enterprises_kept_by(request.user)
    form = RegistrationForm(request.POST or None, enterprises=enterprises)

    def save(data):
        members = services.parse_members(data["members"])
        return services.register_team(
            actor=request.user,
            enterprise=data["enterprise"],
            name=data["name"],
            kind=data["kind"],
            year=data["year"],
            number=data["number"],
            topic=data["topic"],
            members=members,
            workshop=data["workshop"],
            industry=data["industry"],
        )

    registration = save_with(request, form, save, _("The team is registered."))
    if registration:
        return redirect(registration.team)
    return render(request, "quality/register.html", {"form": form})


@permission_required("quality.keep_records")
def import_teams(request):
    enterprises = selectors.enterprises_kept_by(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, enterprises=enterprises)
    refused = []
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import(
                importer=TeamImporter,
                actor=request.user,
                owner=owner_of(form.cleaned_data["enterprise"]),
                target=form.cleaned_data["year"],
                upload=form.cleaned_data["file"],
                again=request.POST.get("import_again") == "on",
            )
        except (RepeatedFile, ValidationError) as error:
            refused = error.messages
        else:
            return redirect("import_job", pk=job.pk)
    return render(
        request,
        "quality/import.html",
        {"form": form, "refused": refused},
        status=400 if refused else 200,
    )


@login_required
def team(request, pk):
    team = selectors.get_team(request.user, pk)
    return render(
        request,
        "quality/team.html",
        {
            "team": team,
            "registrations": selectors.team_history(team),
            "can_edit": request.user.has_perm("quality.edit_record", team),
            "result_form": ResultForm(),
        },
    )


@login_required
@require_POST
def add_result(request, pk):
    registration = selectors.get_registration(request.user, pk)
    form = ResultForm(request.POST)

    def save(data):
        return services.add_result(actor=request.user, registration=registration, **data)

    result = save_with(request, form, save, _("The result is added."))
    if result:
        return redirect(result)
    return render(
        request,
        "quality/team.html",
        {
            "team": registration.team,
            "registrations": selectors.team_history(registration.team),
            "can_edit": True,
            "result_form": form,
        },
        status=400,
    )


def _year_key(request):
    """The year, the one part of the query string the counts show (core/cache.py); None (not
    kept) for a year outside the platform's."""
    year = _year(request)
    return None if year is not None and not 1990 <= year < 2100 else (str(year or ""),)


# Registrations and team members (quality's tables), counted by district (organizations').
@anonymous_page("quality", "organizations", key=_year_key)
def counts(request):
    years = selectors.years_registered()
    year = _year(request) or (years[0] if years else None)
    return render(
        request,
        "quality/counts.html",
        {"counts": selectors.team_counts(year) if year else None, "years": years, "year": year},
    )


@login_required
def result(request, pk):
    result = selectors.get_result(request.user, pk)
    return render(
        request,
        "quality/result.html",
        {
            "result": result,
            "can_edit": request.user.has_perm("quality.edit_record", result),
            "benefit_kinds": BenefitKind.choices,
        },
    )

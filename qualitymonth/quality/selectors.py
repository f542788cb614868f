"""Reads of the quality app: the team registry, its counts, and the named figures.

Functions named `figure_*` are the figures other modules (the year in figures) may call;
each returns plain numbers and does a fixed number of aggregate queries.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404

from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.organizations.selectors import staff_unit_ids
from qualitymonth.quality.models import (
    Industry,
    NationalOutcome,
    Registration,
    Result,
    Stage,
    StagedProgram,
    Team,
    TeamMember,
)


def enterprises_kept_by(user):
    """Enterprises whose records the person keeps (staff of them or of a unit above)."""
    return Unit.objects.filter(pk__in=staff_unit_ids(user), kind=UnitKind.ENTERPRISE)


def teams_visible_to(user):
    teams = Team.objects.select_related("enterprise")
    if is_secretariat(user):
        return teams
    return teams.filter(enterprise_id__in=staff_unit_ids(user))


def registrations_of(user, *, year: int | None = None):
    """The yearly registrations the person may see, with member counts, in one query."""
    registrations = (
        Registration.objects.filter(team__in=teams_visible_to(user))
        .select_related("team__enterprise")
        .annotate(member_count=Count("members"))
        .order_by("-year", "team__enterprise__sort_key", "team__name")
    )
    if year:
        registrations = registrations.filter(year=year)
    return registrations


def shared_identities(registrations) -> dict[tuple[int, int], set[str]]:
    """(enterprise, year) → identities of people on more than one team that year."""
    keys = {(r.team.enterprise_id, r.year) for r in registrations}
    if not keys:
        return {}
    query = Q()
    for enterprise, year in keys:
        query |= Q(registration__team__enterprise_id=enterprise, registration__year=year)
    rows = (
        TeamMember.objects.filter(query)
        .values("registration__team__enterprise_id", "registration__year", "identity")
        .annotate(teams=Count("registration__team", distinct=True))
        .filter(teams__gt=1)
    )
    found = defaultdict(set)
    for row in rows:
        found[(row["registration__team__enterprise_id"], row["registration__year"])].add(
            row["identity"]
        )
    return found


def get_team(user, pk: int) -> Team:
    team = get_object_or_404(Team.objects.select_related("enterprise"), pk=pk)
    require_perm_or_404(user, "quality.open_record", team)
    return team


def team_history(team: Team) -> list[Registration]:
    """Every year's registration, newest first, with members and results; a member on
    another team of the enterprise that year is marked `shared`."""
    registrations = list(
        team.registrations.prefetch_related(
            "members", Prefetch("results", queryset=Result.objects.order_by("title"))
        )
    )
    shared = shared_identities(registrations)  # the related manager sets r.team = team
    for registration in registrations:
        also = shared.get((team.enterprise_id, registration.year), set())
        for member in registration.members.all():
            member.shared = member.identity in also
    return registrations


def get_registration(user, pk: int) -> Registration:
    registration = get_object_or_404(Registration.objects.select_related("team__enterprise"), pk=pk)
    require_perm_or_404(user, "quality.edit_record", registration)
    return registration


def get_result(user, pk: int, perm: str = "quality.open_record") -> Result:
    result = get_object_or_404(
        Result.objects.select_related("registration__team__enterprise", "application__round"),
        pk=pk,
    )
    require_perm_or_404(user, perm, result)
    return result


def years_registered() -> list[int]:
    return list(Registration.objects.values_list("year", flat=True).distinct().order_by("-year"))


# --- counts -------------------------------------------------------------------------------


def team_counts(year: int) -> dict:
    """Teams and participating staff of a year per enterprise, district and industry.

    A person is counted once per enterprise however many teams they are on; a district's and
    an industry's staff are the sums over their enterprises. Three aggregate queries.
    """
    teams = dict(
        Registration.objects.filter(year=year)
        .values_list("team__enterprise_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    members = TeamMember.objects.filter(registration__year=year)
    staff = dict(
        members.values_list("registration__team__enterprise_id")
        .annotate(n=Count("identity", distinct=True))
        .order_by()
    )
    by_industry_teams = dict(
        Registration.objects.filter(year=year)
        .values_list("team__industry")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_industry_staff = defaultdict(int)
    for industry, _enterprise, n in (
        members.values_list("registration__team__industry", "registration__team__enterprise_id")
        .annotate(n=Count("identity", distinct=True))
        .order_by()
    ):
        by_industry_staff[industry] += n
    enterprises = Unit.objects.filter(pk__in=teams).select_related("district")
    by_enterprise, by_district = [], {}
    for unit in sorted(enterprises, key=lambda u: (u.sort_key, u.pk)):
        row = {"unit": unit, "teams": teams[unit.pk], "staff": staff.get(unit.pk, 0)}
        by_enterprise.append(row)
        district = by_district.setdefault(
            unit.district_id, {"district": unit.district, "teams": 0, "staff": 0}
        )
        district["teams"] += row["teams"]
        district["staff"] += row["staff"]
    by_industry = [
        {
            "industry": industry,
            "teams": by_industry_teams.get(industry.value, 0),
            "staff": by_industry_staff.get(industry.value, 0),
        }
        for industry in Industry
        if industry.value in by_industry_teams
    ]
    return {
        "year": year,
        "teams": sum(teams.values()),
        "staff": sum(staff.values()),
        "by_enterprise": by_enterprise,
        "by_district": sorted(
            by_district.values(), key=lambda d: d["district"].sort_key if d["district"] else "~"
        ),
        "by_industry": by_industry,
    }


def figure_teams(year: int) -> int:
    """Teams registered in the year (QC groups and front-line teams)."""
    return Registration.objects.filter(year=year).count()


def figure_participating_staff(year: int) -> int:
    """People on the year's teams, each counted once per enterprise."""
    return sum(
        n
        for _e, n in TeamMember.objects.filter(registration__year=year)
        .values_list("registration__team__enterprise_id")
        .annotate(n=Count("identity", distinct=True))
        .order_by()
    )


# --- staged programs -----------------------------------------------------------------------


def staged_programs():
    return StagedProgram.objects.select_related("program").prefetch_related(
        Prefetch("stages", queryset=Stage.objects.select_related("round"))
    )


def get_staged_program(pk: int) -> StagedProgram:
    return get_object_or_404(staged_programs(), pk=pk)


def get_stage(pk: int) -> Stage:
    return get_object_or_404(
        Stage.objects.select_related("program__program", "round__rubric", "round__program"), pk=pk
    )


def stage_entries(stage: Stage):
    """The stage's entries (not their scores): what anyone following the program may see."""
    return (
        stage.round.applications.exclude(status="draft")
        .select_related("applicant_unit")
        .order_by("holder_name", "pk")
    )


def stage_ranking(user, stage: Stage):
    """The ranking with scores, for those who may see this stage's scores; None otherwise.
    A closed stage shows the ranking as it stood when it closed."""
    if not user.has_perm("quality.see_stage_scores", stage):
        return None
    if stage.status == "closed":
        return list(
            stage.advancements.select_related("application__applicant_unit").order_by(
                "rank", "application__holder_name"
            )
        )
    from qualitymonth.awards.selectors import ranking_of

    return [
        {
            "application": row.application,
            "rank": row.rank,
            "score": None if row.combined is None else round(row.combined, 2),
            "moved_on": None,
        }
        for row in ranking_of(stage.round)
    ]


def recommended_list(program: StagedProgram):
    """The entries recommended to the national body, with what came back."""
    return program.outcomes.select_related("application__applicant_unit").order_by(
        "application__holder_name"
    )


def results_to_enter(user, stage: Stage):
    """Results of the person's enterprises not yet entered anywhere, for the first stage."""
    if stage.position != 1 or stage.status != "open":
        return Result.objects.none()
    return (
        Result.objects.filter(
            application__isnull=True,
            registration__team__enterprise_id__in=staff_unit_ids(user),
            registration__year=stage.program.year,
        )
        .select_related("registration__team")
        .order_by("title")
    )


def figure_national_recommendations(year: int) -> int:
    return NationalOutcome.objects.filter(program__year=year).count()


def figure_national_awards(year: int) -> int:
    return NationalOutcome.objects.filter(program__year=year, awarded=True).count()


def get_outcome(pk: int) -> NationalOutcome:
    return get_object_or_404(NationalOutcome.objects.select_related("program"), pk=pk)


# --- self-assessments and benefits ---------------------------------------------------------


def assessment_totals(assessment, field: str = "self_points") -> dict:
    """Points per GB/T 19580 category and the total (of 1,000)."""
    from qualitymonth.quality.data.rubric_templates import CATEGORY_CAPS, ITEMS

    sums = dict.fromkeys(CATEGORY_CAPS, Decimal(0))
    for item in assessment.items.all():
        value = getattr(item, field)
        if value is not None and item.code in ITEMS:
            sums[ITEMS[item.code][3]] += value
    # No min() against the cap: each item is refused above its maximum (services.records)
    # and a category's cap is the sum of its items' maximums, so a sum never exceeds it.
    return {"categories": sums, "total": sum(sums.values(), Decimal(0))}


def assessments_for(user):
    """The self-assessments a person may open: their enterprises' own (drafts too); the
    secretariat and the reviewers who may score, every submitted one. One query."""
    from qualitymonth.quality.models import SelfAssessment
    from qualitymonth.quality.rules import reviewed_programs

    mine = Q(enterprise_id__in=staff_unit_ids(user))
    if is_secretariat(user):
        shown = mine | Q(submitted_at__isnull=False)
    else:
        years = list(
            StagedProgram.objects.filter(pk__in=reviewed_programs(user)).values_list(
                "year", flat=True
            )
        )
        shown = mine | Q(submitted_at__isnull=False, year__in=years)
    return (
        SelfAssessment.objects.filter(shown)
        .select_related("enterprise")
        .order_by("-year", "enterprise__sort_key", "pk")
    )


def get_assessment(user, pk: int):
    from qualitymonth.quality.models import SelfAssessment

    assessment = get_object_or_404(
        SelfAssessment.objects.select_related("enterprise").prefetch_related("items"), pk=pk
    )
    if not (assessment.submitted_at and user.has_perm("quality.score_assessment", assessment)):
        require_perm_or_404(user, "quality.open_record", assessment)
    return assessment


def radar(assessment) -> dict:
    """This year's and the previous year's share of each category's maximum (0–100), for the
    radar chart; the previous year is absent when there was none."""
    from qualitymonth.quality.data.rubric_templates import CATEGORY_CAPS, EXCELLENCE
    from qualitymonth.quality.models import SelfAssessment

    def shares(one):
        field = "reviewer_points" if one.scored_at else "self_points"
        totals = assessment_totals(one, field)["categories"]
        return [float(totals[code] * 100 / CATEGORY_CAPS[code]) for code in CATEGORY_CAPS]

    previous = (
        SelfAssessment.objects.filter(
            enterprise_id=assessment.enterprise_id, year__lt=assessment.year
        )
        .prefetch_related("items")
        .order_by("-year")
        .first()
    )
    return {
        "categories": [name for _c, name, _e, _cap, _i in EXCELLENCE],
        "series": [
            {"name": str(assessment.year), "values": shares(assessment)},
            *([{"name": str(previous.year), "values": shares(previous)}] if previous else []),
        ],
    }


def benefit_totals(year: int | None = None) -> dict:
    """Confirmed benefits only, in the totals' units (万元, tce; defects per unit as given)."""
    from qualitymonth.quality.models import Benefit
    from qualitymonth.quality.services.records import BENEFIT_UNITS, TOTAL_UNITS

    rows = Benefit.objects.filter(confirmed_at__isnull=False)
    if year:
        rows = rows.filter(result__registration__year=year)
    totals: dict = {}
    for kind, unit, value in rows.values_list("kind", "unit").annotate(v=Sum("value")).order_by():
        factor = BENEFIT_UNITS.get(kind, {}).get(unit)
        if factor is None:
            continue
        key = (kind, TOTAL_UNITS.get(kind, unit))
        totals[key] = totals.get(key, Decimal(0)) + value * factor
    return {key: value.quantize(Decimal("0.01")) for key, value in totals.items()}


def confirmed_benefits(kind: str, year: int | None = None):
    """The figures behind a total, for the drill-down."""
    from qualitymonth.quality.models import Benefit

    rows = Benefit.objects.filter(confirmed_at__isnull=False, kind=kind).select_related(
        "result__registration__team__enterprise", "confirmed_by"
    )
    if year:
        rows = rows.filter(result__registration__year=year)
    return rows.order_by("-value")


def benefits_to_confirm(user=None):
    """Benefits waiting for a confirmation: every one for the secretariat; for a reviewer,
    those of results entered in a program they review, other than their own enterprises'."""
    from qualitymonth.quality.models import Benefit
    from qualitymonth.quality.rules import reviewed_programs

    benefits = Benefit.objects.filter(confirmed_at__isnull=True).select_related(
        "result__registration__team__enterprise"
    )
    if user is None or is_secretariat(user):
        return benefits
    return benefits.filter(
        result__application__round__quality_stage__program_id__in=reviewed_programs(user)
    ).exclude(result__registration__team__enterprise_id__in=staff_unit_ids(user))


def figure_cost_saved(year: int | None = None) -> Decimal:
    """Confirmed cost savings in 万元."""
    return benefit_totals(year).get(("cost", "万元"), Decimal(0))


def figure_energy_saved(year: int | None = None) -> Decimal:
    """Confirmed energy savings in tonnes of standard coal (tce)."""
    return benefit_totals(year).get(("energy", "tce"), Decimal(0))


def figure_defects_reduced(year: int | None = None) -> Decimal:
    """Confirmed defects reduced, counted in pieces (件); figures given in ppm or % are
    rates, which do not add up, and stay out of the total."""
    return benefit_totals(year).get(("defects", "件"), Decimal(0))

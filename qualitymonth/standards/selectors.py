"""Reads of group standards: the public catalogue, one standard for a reader, its handling table."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.organizations.models import Unit, UnitKind, User
from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.organizations.selectors import staff_unit_ids
from qualitymonth.standards.models import (
    PUBLIC_STATES,
    Adoption,
    Clause,
    Comment,
    DraftVersion,
    Evaluation,
    PanelConflict,
    PanelMember,
    PilotProject,
    ReviewMeeting,
    Standard,
    State,
)
from qualitymonth.surveys import selectors as surveys


def catalogue(*, state: str = "") -> QuerySet[Standard]:
    """Standards the public sees (from public comment on), newest first."""
    standards = Standard.objects.filter(state__in=PUBLIC_STATES).select_related("proposer")
    if state in PUBLIC_STATES:
        standards = standards.filter(state=state)
    return standards.order_by("-number_year", "-number_sequence", "-created_at", "-id")


def worked_on_by(user) -> QuerySet[Standard]:
    """Standards the user's units propose or draft, at every stage (all of them for the
    secretariat): the working group's list."""
    standards = Standard.objects.select_related("proposer")
    if not is_secretariat(user):
        units = staff_unit_ids(user)
        standards = standards.filter(
            Q(proposer_id__in=units) | Q(drafting_units__in=units)
        ).distinct()
    return standards.order_by("-created_at", "-id")


def proposals() -> QuerySet[Standard]:
    return Standard.objects.filter(state=State.PROPOSED).select_related("proposer", "revises")


def standard_for(user, pk, perm: str = "standards.view_standard") -> Standard:
    standard = Standard.objects.select_related("proposer", "revises").filter(pk=pk).first()
    if standard is None:
        raise Http404
    require_perm_or_404(user, perm, standard)
    return standard


def current_version(standard) -> DraftVersion | None:
    return standard.versions.order_by("-number").first()


def clauses_of(version) -> QuerySet[Clause]:
    return version.clauses.order_by("order", "id")


def clause_for(user, pk) -> Clause:
    clause = Clause.objects.select_related("version__standard").filter(pk=pk).first()
    if clause is None:
        raise Http404
    require_perm_or_404(user, "standards.view_standard", clause.version.standard)
    return clause


def comments_of(standard) -> QuerySet[Comment]:
    """Every comment on every version, in clause order, with its answer: the handling table."""
    return (
        Comment.objects.filter(clause__version__standard=standard)
        .select_related("clause__version", "author", "unit", "answer")
        .order_by("clause__version__number", "clause__order", "created_at", "id")
    )


def versions_with_clauses(standard) -> QuerySet[DraftVersion]:
    return standard.versions.prefetch_related(
        Prefetch("clauses", queryset=Clause.objects.order_by("order", "id"))
    )


def drafting_unit_choices() -> QuerySet[Unit]:
    """Member units and the associations: the units that propose and draft group standards."""
    return (
        Unit.objects.filter(is_active=True)
        .filter(Q(memberships__isnull=False) | Q(kind=UnitKind.ASSOCIATION))
        .distinct()
        .order_by("sort_key")
    )


def proposer_choices(user) -> QuerySet[Unit]:
    """Member units (or an association) the user acts for as staff: who may propose."""
    units = staff_unit_ids(user)
    if not units:
        return Unit.objects.none()
    return drafting_unit_choices().filter(pk__in=units)


def drafting_units_of(standard) -> list[Unit]:
    return list(standard.drafting_units.order_by("sort_key"))


def version_of(standard, number) -> DraftVersion | None:
    return standard.versions.filter(number=number).first()


def revisions_of(standard) -> list[Standard]:
    """Revisions the public sees (from public comment on)."""
    return list(standard.revisions.filter(state__in=PUBLIC_STATES).order_by("-created_at"))


def publisher() -> Unit | None:
    """The association that publishes the standards (the top association unit)."""
    return (
        Unit.objects.filter(kind=UnitKind.ASSOCIATION, parent__isnull=True, is_active=True)
        .order_by("pk")
        .first()
    )


def for_platform() -> QuerySet[Standard]:
    """Numbered standards with what the national platform publishes about each."""
    accepted = Q(
        versions__clauses__comments__answer__decision__in=("accepted", "partly"),
    )
    return (
        Standard.objects.filter(number__isnull=False)
        .select_related("proposer", "revises")
        .prefetch_related(Prefetch("drafting_units", queryset=Unit.objects.order_by("sort_key")))
        .annotate(
            comments_received=Count("versions__clauses__comments", distinct=True),
            comments_accepted=Count("versions__clauses__comments", filter=accepted, distinct=True),
        )
        .order_by("number_year", "number_sequence")
    )


def meetings_of(standard) -> list[ReviewMeeting]:
    """The standard's review meetings, latest first, each with its panel."""
    panel = PanelMember.objects.select_related("expert", "registration").order_by(
        "recusal_reason", "-is_chair", "id"
    )
    declared = PanelConflict.objects.select_related("expert", "unit")
    return list(
        standard.review_meetings.select_related("event")
        .prefetch_related(
            Prefetch("panel", queryset=panel), Prefetch("conflicts", queryset=declared)
        )
        .order_by("-held_on", "-id")
    )


def meeting_parties(standard) -> list[Unit]:
    """The units an expert may declare a conflict with: the proposer and drafting units."""
    return [standard.proposer, *standard.drafting_units.order_by("sort_key")]


def person_named(username: str) -> User | None:
    return User.objects.filter(username=username.strip(), is_active=True).first()


def decided_meeting(standard) -> ReviewMeeting | None:
    return standard.review_meetings.exclude(decision="").order_by("-held_on", "-id").first()


def adopters_of(standard) -> QuerySet[Adoption]:
    return standard.adoptions.select_related("unit").order_by("declared_on", "id")


def adopting_units(user) -> QuerySet[Unit]:
    """Enterprises the user acts for as staff: those that may declare they apply a standard."""
    units = staff_unit_ids(user)
    if not units:
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=units, kind=UnitKind.ENTERPRISE, is_active=True).order_by(
        "sort_key"
    )


def standards_figures(year: int) -> dict[str, int]:
    """The year's named figures: standards published, comments received and accepted,
    adoption declarations."""
    comments = Comment.objects.filter(created_at__year=year)
    return {
        "published": Standard.objects.filter(number_year=year).count(),
        "comments_received": comments.count(),
        "comments_accepted": comments.filter(answer__decision__in=("accepted", "partly")).count(),
        "adopters": Adoption.objects.filter(declared_on__year=year).count(),
    }


def pilots() -> QuerySet[PilotProject]:
    return PilotProject.objects.select_related("unit").prefetch_related("milestones")


def pilot(pk) -> PilotProject:
    found = pilots().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def evaluations_of(standard) -> QuerySet[Evaluation]:
    return standard.evaluations.order_by("-held_on", "-id")


def evaluation_for(pk) -> Evaluation:
    found = Evaluation.objects.select_related("standard", "survey_round").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def evaluation_progress(evaluation) -> dict | None:
    """Adopters asked and answered, and the rate: stored with the conclusion, counted in the
    round while it collects. None for evaluations recorded before survey rounds."""
    if evaluation.survey_round_id is None:
        return None
    if evaluation.result:
        counts = {"frame": evaluation.adopters_surveyed, "answered": evaluation.responses}
    else:
        counts = surveys.frame_response_counts(evaluation.survey_round)
    counts["rate"] = round(100 * counts["answered"] / counts["frame"]) if counts["frame"] else 0
    return counts


def evaluations_with_progress(standard) -> list[Evaluation]:
    evaluations = list(evaluations_of(standard).select_related("survey_round"))
    for evaluation in evaluations:
        evaluation.progress = evaluation_progress(evaluation)
    return evaluations


def evaluation_tallies(evaluation) -> list[dict]:
    if evaluation.survey_round_id is None:
        return []
    return surveys.choice_counts(evaluation.survey_round)

"""Reads for survey pages: rounds, published results, drill-down and trends."""

import math

from django.db.models import Count, ExpressionWrapper, F, FloatField, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualitymonth.organizations.models import Unit
from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.surveys.models import (
    Evaluation,
    IndexResult,
    IndexRun,
    Industry,
    Node,
    Photo,
    Response,
    Round,
    RoundStatus,
    RunLevel,
    Site,
)


def rounds_for_inspector(user):
    return (
        Round.objects.filter(inspectors=user)
        .select_related("evaluation", "instrument")
        .order_by("-year", "evaluation__name")
    )


def rounds_to_collect(user):
    """The inspector's rounds that are collecting now (an inspector's "my work")."""
    return rounds_for_inspector(user).filter(status=RoundStatus.COLLECTING)


def rounds_visible_to(user):
    """Every round for the secretariat; an inspector's assigned rounds; nothing for others."""
    rounds = Round.objects.select_related("evaluation", "instrument").order_by(
        "-year", "evaluation__name"
    )
    if is_secretariat(user):
        return rounds
    return rounds.filter(inspectors=user) if user.is_authenticated else rounds.none()


def round_visible_to(user, pk: int) -> Round:
    """One round the user may see, or 404: another's round is not acknowledged."""
    return get_object_or_404(rounds_visible_to(user), pk=pk)


def frame_sites(round_: Round, *, text: str = "", district: str = ""):
    """The round's sampling frame, filtered by code or name and by district."""
    sites = Site.objects.filter(evaluation=round_.evaluation).select_related(
        "district", "street", "industry"
    )
    if text:
        sites = sites.filter(Q(code__icontains=text) | Q(name__icontains=text))
    if district:
        sites = sites.filter(Q(district__division_code=district) | Q(district__name=district))
    return sites.order_by("code")


def published_run(round_: Round) -> IndexRun | None:
    return round_.runs.filter(published_at__isnull=False).order_by("-published_at").first()


def latest_run(round_: Round) -> IndexRun | None:
    return round_.runs.order_by("-created_at", "-pk").first()


def latest_satisfaction(round_: Round):
    """The round's satisfaction model as last estimated and stored, or None."""
    return round_.satisfaction_runs.order_by("-created_at", "-pk").first()


def evaluations_with_published():
    return (
        Evaluation.objects.annotate(
            published=Count("rounds__runs", filter=Q(rounds__runs__published_at__isnull=False))
        )
        .filter(published__gt=0)
        .order_by("name")
    )


def display_names(results: list[IndexResult], level: str) -> dict[str, str]:
    """Names in the reader's language for districts, streets and industries."""
    keys = [int(r.key) for r in results if r.key.isdigit()]
    if level in (RunLevel.DISTRICT, RunLevel.STREET):
        return {str(u.pk): u.display_name for u in Unit.objects.filter(pk__in=keys)}
    if level == RunLevel.INDUSTRY:
        return {str(i.pk): i.display_name for i in Industry.objects.filter(pk__in=keys)}
    return {}


def ranking(run: IndexRun, level: str, *, parent: str | None = None, limit: int | None = None):
    rows = IndexResult.objects.filter(run=run, level=level).order_by("rank", "key")
    if parent is not None:
        rows = rows.filter(parent_key=parent)
    rows = list(rows[:limit] if limit else rows)
    names = display_names(rows, level)
    for row in rows:
        row.run = run  # its part codes, read once for every row
        row.display_name = names.get(row.key) or row.name
    return rows


def top_nodes(run: IndexRun) -> list[Node]:
    """The dimensions of the run's indicator system, in order."""
    return list(
        Node.objects.filter(system=run.round.system, parent__isnull=True).order_by(
            "position", "code"
        )
    )


def trend(evaluation: Evaluation, level: str = RunLevel.CITY) -> list[dict]:
    """Published scores year by year for the city and each district."""
    runs = {
        run.round.year: run
        for run in IndexRun.objects.filter(round__evaluation=evaluation, published_at__isnull=False)
        .select_related("round")
        .order_by("published_at")
    }
    series = []
    for year in sorted(runs):
        for row in IndexResult.objects.filter(run=runs[year], level=level):
            series.append({"year": year, "key": row.key, "score": round(row.score, 2)})
    return series


def all_nodes(run: IndexRun) -> list[Node]:
    """Every node of the run's system, parents before children, for drill-down tables."""
    nodes = list(Node.objects.filter(system=run.round.system).order_by("position", "code"))
    order = {None: []}
    for node in nodes:
        order.setdefault(node.parent_id, []).append(node)
    flat = []

    def walk(parent_id, depth):
        for node in order.get(parent_id, []):
            node.depth = depth
            flat.append(node)
            walk(node.pk, depth + 1)

    walk(None, 0)
    return flat


# --- the site picker of the collection form ---------------------------------------------------

PICKER_LIMIT = 10  # a phone screen or two; search and filters narrow the rest


def picker_sites(
    round_: Round,
    *,
    text: str = "",
    district: str = "",
    street: str = "",
    near: tuple[float, float] | None = None,
    selected: str = "",
    limit: int = PICKER_LIMIT,
) -> list[Site]:
    """Sites of the round's frame for the picker: by name or code, district and street, the
    nearest first when the phone's location is given (each with `distance_m`, sites without a
    location last); the chosen
    site stays first. One query, or two with a chosen site."""
    sites = Site.objects.filter(evaluation_id=round_.evaluation_id).select_related(
        "district", "street"
    )
    chosen = sites.filter(pk=selected).first() if str(selected).isdigit() else None
    if text.strip():
        text = text.strip()
        sites = sites.filter(
            Q(code__icontains=text) | Q(name__icontains=text) | Q(address__icontains=text)
        )
    if district.isdigit():
        sites = sites.filter(district_id=int(district))
    if street.isdigit():
        sites = sites.filter(street_id=int(street))
    if chosen is not None:
        sites = sites.exclude(pk=chosen.pk)
    if near is not None:
        lat, lon = near
        # Squared degrees, longitude shrunk by the latitude: the order of true distances at
        # a city's scale, in SQL that SQLite and PostgreSQL both run.
        shrink = math.cos(math.radians(lat))
        sites = sites.annotate(
            nearness=ExpressionWrapper(
                (F("latitude") - lat) * (F("latitude") - lat)
                + (F("longitude") - lon) * (F("longitude") - lon) * shrink * shrink,
                output_field=FloatField(),
            )
        )
        # Sites without a location stay findable, after the located ones.
        sites = sites.order_by(F("nearness").asc(nulls_last=True), "code")
    else:
        sites = sites.order_by("code")
    found = ([chosen] if chosen is not None else []) + list(sites[:limit])
    if near is not None:
        for site in found:
            site.distance_m = _metres(near, (site.latitude, site.longitude))
            site.distance_km = None if site.distance_m is None else site.distance_m / 1000
    return found


def _metres(a: tuple[float, float], b: tuple[float | None, float | None]) -> float | None:
    """Great-circle distance (haversine)."""
    if b[0] is None or b[1] is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(min(1.0, h)))


def frame_districts_and_streets(round_: Round) -> tuple[list[Unit], list[Unit]]:
    """The districts and streets that have sites in the round's frame, for the filters."""
    district_ids, street_ids = set(), set()
    for district_id, street_id in (
        Site.objects.filter(evaluation_id=round_.evaluation_id)
        .values_list("district_id", "street_id")
        .distinct()
    ):
        district_ids.add(district_id)
        if street_id:
            street_ids.add(street_id)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=district_ids | street_ids)}
    districts = sorted((units[pk] for pk in district_ids if pk in units), key=lambda u: u.name)
    streets = sorted(
        (units[pk] for pk in street_ids if pk in units), key=lambda u: (u.parent_id or 0, u.name)
    )
    return districts, streets


def todays_records(round_: Round, user) -> list[Response]:
    """What this person recorded in the round today (local time), newest first."""
    if not user.is_authenticated:
        return []
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return list(
        Response.objects.filter(round=round_, submitted_by=user, submitted_at__gte=start)
        .select_related("site")
        .order_by("-submitted_at")
    )


def own_response(round_: Round, user, pk: int) -> Response:
    """A response this person submitted in the round, or 404."""
    return get_object_or_404(
        Response.objects.select_related("site", "site__district").filter(
            round=round_, submitted_by=user
        ),
        pk=pk,
    )


def photo_for(user, pk: int) -> Photo:
    """A response's photo for whoever may read that response's answers (the secretariat, and
    the inspector who sent it); for anyone else, signed in or not, it does not exist."""
    photos = Photo.objects.select_related("response")
    if not user.is_authenticated:
        photos = photos.none()
    elif not user.has_perm("surveys.view_answers"):
        photos = photos.filter(response__submitted_by=user)
    return get_object_or_404(photos, pk=pk)


def responses_at_units(unit_ids, *, year: int | None = None) -> list[dict]:
    """Responses recorded at the units' sites in the rounds they were sampled for (which
    round and when, not the answers), for a member unit's page and its participation."""
    rows = Response.objects.filter(site__enterprise_id__in=unit_ids, voided_at__isnull=True)
    if year:
        rows = rows.filter(round__year=year)
    return [
        {
            "unit_id": unit_id,
            "pk": pk,
            "round_id": round_id,
            "round": f"{evaluation} {round_year}",
            "at": submitted_at,
        }
        for pk, unit_id, round_id, evaluation, round_year, submitted_at in rows.order_by(
            "submitted_at", "pk"
        ).values_list(
            "pk",
            "site__enterprise_id",
            "round_id",
            "round__evaluation__name",
            "round__year",
            "submitted_at",
        )
    ]


def frame_response_counts(round_: Round) -> dict[str, int]:
    """How many entries the round's sampling frame has, how many of them answered and how
    many responses count (those set aside do not): a survey's response rate."""
    counted = Response.objects.filter(round=round_, voided_at__isnull=True)
    return {
        "frame": Site.objects.filter(evaluation_id=round_.evaluation_id).count(),
        "answered": counted.filter(site__isnull=False).values("site").distinct().count(),
        "responses": counted.count(),
    }


def choice_counts(round_: Round) -> list[dict]:
    """For each one-choice question of the round's instrument, how many counted responses
    gave each answer: the plain tally of a short questionnaire."""
    from qualitymonth.surveys.models import Answer, QuestionType

    questions = list(
        round_.instrument.questions.filter(type=QuestionType.SELECT_ONE).order_by("position")
    )
    tallies = {
        (row["question"], row["text"]): row["n"]
        for row in Answer.objects.filter(
            round=round_, question__in=questions, response__voided_at__isnull=True
        )
        .values("question", "text")
        .annotate(n=Count("pk"))
    }
    return [
        {
            "question": question,
            "choices": [
                {"label": choice["label"], "count": tallies.get((question.pk, choice["name"]), 0)}
                for choice in question.local_choices()
            ],
        }
        for question in questions
    ]

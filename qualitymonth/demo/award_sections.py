"""Handlers for the recognition-program sections of the demo fixtures: programs and rounds.

The past rounds' history (call, review, public notice, final list) cannot be replayed through
the services at today's date, so rows are written directly, each through `save_if_changed`;
the services are used where they fit: the rubric is copied from the shipped template with
`copy_rubric`, reviewers are kept off entries `conflict_reason` forbids, certificates are
numbered in the order `awarded_entries` gives the final list.

The review round's scores come from a seeded generator: the same numbers on every load.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from qualitymonth.awards import selectors, services
from qualitymonth.awards.data.rubric_templates import load_templates
from qualitymonth.awards.models import (
    Aggregation,
    ApplicantKind,
    Application,
    ApplicationStatus,
    Assignment,
    AssignmentStatus,
    Certificate,
    Conflict,
    Criterion,
    FormField,
    Grade,
    Notice,
    NoticeKind,
    Objection,
    Panel,
    Program,
    Review,
    Round,
    RoundStatus,
    Rubric,
    Score,
)
from qualitymonth.core.workdays import Calendar
from qualitymonth.demo.event_sections import _with_traditional
from qualitymonth.demo.loader import DEMO_PASSWORD, FixtureError, save_if_changed, section
from qualitymonth.demo.sections import load_people, unit_by_key
from qualitymonth.organizations.models import User
from qualitymonth.organizations.selectors import staff_unit_ids

SCORE_SEED = 2026
DEFAULT_REVIEWS = 5
NOISE = 0.07  # a reviewer's spread around the entry's level, as a share of each maximum
REVIEWS_A_DAY = 4  # submitted at 9:00, 11:00, 13:00 and 15:00 from the first day on


def _moment(value) -> datetime.datetime:
    """A local date and time from the fixture ("2025-08-25 10:00"), made aware."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if not isinstance(value, datetime.datetime):
        raise FixtureError(f"not a date and time: {value!r}")
    return timezone.make_aware(value)


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise FixtureError(f"unknown user {username!r}")
    return user


def _save(model, lookup: dict, values: dict, counts: Counter, **automatic):
    """`save_if_changed`, then set fields Django fills itself (auto_now_add) to fixture values."""
    before = Counter(counts)
    obj = save_if_changed(model, lookup, values, counts)
    stale = {field: value for field, value in automatic.items() if getattr(obj, field) != value}
    if stale:
        model.objects.filter(pk=obj.pk).update(**stale)
        for field, value in stale.items():
            setattr(obj, field, value)
        if counts["unchanged"] > before["unchanged"]:
            counts["unchanged"] -= 1
            counts["updated"] += 1
    return obj


@section("award_people")
def load_award_people(rows: list[dict]) -> Counter:
    """Reviewers and units' contacts, made as `people` makes accounts, with one password hash.

    Hashing the demo password takes a quarter of a second per account, paid on every load of
    the demo in tests; the new accounts share one hash of the (public) demo password.
    """
    new = [row for row in rows if not User.objects.filter(username=row["username"]).exists()]
    if new:
        hashed = make_password(DEMO_PASSWORD)
        for row in new:
            User.objects.create(
                username=row["username"],
                password=hashed,
                display_name=row.get("display_name", ""),
                email=row.get("email", ""),
            )
    counts = load_people(rows)  # positions, and names kept up to date on later loads
    counts["unchanged"] -= len(new)
    counts["created"] += len(new)
    return counts


@section("award_programs")
def load_programs(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        values = _with_traditional(row, "name", "description")
        values.update(
            code=row["code"],
            applicant_kind=row.get("applicant_kind", ApplicantKind.UNIT),
            list_order=row.get("list_order", "pinyin"),
        )
        save_if_changed(Program, {"key": row["key"]}, values, counts)
    return counts


@section("award_rounds")
def load_rounds(rows: list[dict]) -> Counter:
    counts = Counter()
    secretariat = _user("secretariat")
    for row in rows:
        program = Program.objects.filter(key=row["program"]).first()
        if program is None:
            raise FixtureError(f"unknown program {row['program']!r}")
        lookup = {"program": program, "year": row["year"]}
        values = _with_traditional(row, "title", "call", "eligibility")
        values.update(
            status=row["status"],
            published_at=_moment(row["published_at"]),
            closes_at=_moment(row["closes_at"]),
            rubric=_rubric(row, Round.objects.filter(**lookup).first(), secretariat, counts),
            aggregation=row.get("aggregation", Aggregation.MEAN),
            trim_from=row.get("trim_from", 5),
            min_reviews=row.get("min_reviews", 3),
            notice_working_days=row.get("notice_working_days", 7),
            is_demo=True,
        )
        round_ = save_if_changed(Round, lookup, values, counts)
        grades = _load_grades(round_, row, counts)
        fields = _load_fields(round_, row, counts)
        applications = [
            _load_application(round_, app_row, grades, fields, counts)
            for app_row in row.get("applications", [])
        ]
        if row.get("panel"):
            _load_review(round_, row, applications, counts)
        notices = _load_notices(round_, row, secretariat, counts)
        if round_.status == RoundStatus.FINAL:
            if NoticeKind.FINAL not in notices:
                raise FixtureError(f"{round_.title}: a final round needs its final notice")
            _load_certificates(round_, notices[NoticeKind.FINAL], counts)
    return counts


def _rubric(row: dict, existing: Round | None, actor, counts: Counter) -> Rubric | None:
    """The round's own copy of the named template, made once and kept on later loads."""
    name = row.get("rubric_template")
    if not name:
        return None
    if existing is not None and existing.rubric is not None and existing.rubric.name == name:
        counts["unchanged"] += 1
        return existing.rubric
    template = Rubric.objects.filter(is_template=True, name=name).first()
    if template is None:
        # The data migration made the templates; a flushed test database has lost them.
        load_templates(Rubric, Criterion)
        counts["created"] += 1
        template = Rubric.objects.filter(is_template=True, name=name).first()
    if template is None:
        raise FixtureError(f"no rubric template {name!r}")
    counts["created"] += 1
    return services.copy_rubric(actor=actor, rubric=template)


def _load_grades(round_: Round, row: dict, counts: Counter) -> dict[str, Grade]:
    grades = {}
    for position, grade_row in enumerate(row.get("grades", []), start=1):
        values = _with_traditional(grade_row, "name")
        values.pop("name")
        values["position"] = position
        grades[grade_row["name"]] = save_if_changed(
            Grade, {"round": round_, "name": grade_row["name"]}, values, counts
        )
    return grades


def _load_fields(round_: Round, row: dict, counts: Counter) -> dict[str, FormField]:
    fields = {}
    for position, field_row in enumerate(row.get("fields", []), start=1):
        values = _with_traditional(field_row, "label")
        values.pop("label")
        values.update(
            position=position,
            kind=field_row["kind"],
            choices="\n".join(field_row.get("choices", [])),
            required=field_row.get("required", True),
        )
        fields[field_row["label"]] = save_if_changed(
            FormField, {"round": round_, "label": field_row["label"]}, values, counts
        )
    return fields


def _status_of(round_: Round, app_row: dict, grade: Grade | None) -> str:
    if app_row.get("status"):
        return app_row["status"]
    if round_.status == RoundStatus.FINAL:
        return ApplicationStatus.AWARDED if grade else ApplicationStatus.NOT_AWARDED
    if round_.status == RoundStatus.NOTICE:
        return ApplicationStatus.PROPOSED if grade else ApplicationStatus.IN_REVIEW
    if round_.status == RoundStatus.REVIEW:
        return ApplicationStatus.IN_REVIEW
    raise FixtureError(f"{app_row['holder']}: give the status of an application in this round")


def _load_application(
    round_: Round, app_row: dict, grades: dict, fields: dict, counts: Counter
) -> Application:
    holder = app_row["holder"]
    unit = unit_by_key(app_row.get("unit"))
    creator = _user(app_row["by"])
    if unit is None and round_.program.applicant_kind == ApplicantKind.UNIT:
        raise FixtureError(f"{holder}: a unit program needs the applying unit")
    if unit is not None and unit.pk not in staff_unit_ids(creator):
        raise FixtureError(f"{holder}: {creator.username} may not apply for {unit.key}")
    grade = None
    if app_row.get("grade"):
        grade = grades.get(app_row["grade"])
        if grade is None:
            raise FixtureError(f"{holder}: no grade {app_row['grade']!r} in {round_.title}")
    answers = {}
    for label, answer in (app_row.get("answers") or {}).items():
        if label not in fields:
            raise FixtureError(f"{holder}: no form field {label!r}")
        answers[str(fields[label].pk)] = str(answer)
    submitted_at = _moment(app_row["submitted_at"])
    if submitted_at > round_.closes_at:
        raise FixtureError(f"{holder}: submitted after the deadline")
    values = {
        "title": app_row["title"],
        "applicant_unit": unit,
        "created_by": creator,
        "answers": answers,
        "status": _status_of(round_, app_row, grade),
        "submitted_at": submitted_at,
        "grade": grade,
        "is_demo": True,
    }
    return _save(
        Application,
        {"round": round_, "holder_name": holder},
        values,
        counts,
        created_at=submitted_at - datetime.timedelta(days=2),
    )


def _load_review(round_: Round, row: dict, applications: list, counts: Counter) -> None:
    """The panel, declared conflicts, assignments, and each reviewer's scores."""
    if round_.rubric is None:
        raise FixtureError(f"{round_.title}: a round under review needs a rubric")
    panel_row = row["panel"]
    panel = save_if_changed(Panel, {"round": round_, "name": panel_row["name"]}, {}, counts)
    reviewers = [_user(r["username"]) for r in panel_row["reviewers"]]
    bias = {
        user.pk: float(r.get("bias", 0))
        for user, r in zip(reviewers, panel_row["reviewers"], strict=True)
    }
    panel.reviewers.add(*reviewers)
    assigned_at = _moment(row["assigned_at"])
    for conflict_row in row.get("conflicts", []):
        _save(
            Conflict,
            {
                "round": round_,
                "reviewer": _user(conflict_row["reviewer"]),
                "unit": unit_by_key(conflict_row["unit"]),
            },
            {"application": None, "reason": conflict_row["reason"]},
            counts,
            declared_at=assigned_at - datetime.timedelta(days=1),
        )
    criteria = list(round_.rubric.criteria.all())
    rng = random.Random(SCORE_SEED)
    first_review = _moment(row["reviews_from"])
    submitted = 0
    for index, (app_row, application) in enumerate(
        zip(row["applications"], applications, strict=True)
    ):
        recused_reason = app_row.get("recused", "")
        chosen = _choose_reviewers(application, reviewers, index, app_row, bool(recused_reason))
        draft, not_started = app_row.get("draft", 0), app_row.get("not_started", 0)
        for position, reviewer in enumerate(chosen):
            recused = bool(recused_reason) and position == 0
            assignment = _save(
                Assignment,
                {"application": application, "reviewer": reviewer},
                {
                    "status": AssignmentStatus.RECUSED if recused else AssignmentStatus.ASSIGNED,
                    "recusal_reason": recused_reason if recused else "",
                },
                counts,
                assigned_at=assigned_at + datetime.timedelta(minutes=index),
            )
            from_end = len(chosen) - position  # 1 for the last reviewer
            if recused or from_end <= not_started:
                continue
            level = float(app_row["level"]) + bias[reviewer.pk]
            points = {criterion: _points(rng, criterion, level) for criterion in criteria}
            if from_end <= not_started + draft:
                # Half-way through: some criteria scored, nothing submitted.
                points = dict(list(points.items())[: len(criteria) // 2])
                values = {"comment": "", "submitted_at": None}
            else:
                day, slot = divmod(submitted, REVIEWS_A_DAY)
                values = {
                    "comment": _comment(points),
                    "submitted_at": first_review + datetime.timedelta(days=day, hours=2 * slot),
                }
                submitted += 1
            review = save_if_changed(Review, {"assignment": assignment}, values, counts)
            for criterion, value in points.items():
                save_if_changed(
                    Score, {"review": review, "criterion": criterion}, {"points": value}, counts
                )
    _check_caps(round_, reviewers)


def _choose_reviewers(application, reviewers, index: int, app_row: dict, recused: bool) -> list:
    """Panel members in turn, starting one further for each entry, skipping conflicts.

    A reviewer already assigned stays chosen: a recusal written by an earlier load is a
    conflict for `conflict_reason`, and must not change who is chosen on the next load.
    """
    wanted = app_row.get("reviews", DEFAULT_REVIEWS) + (1 if recused else 0)
    start = index % len(reviewers)
    rotation = reviewers[start:] + reviewers[:start]
    assigned = set(application.assignments.values_list("reviewer_id", flat=True))
    chosen = [
        reviewer
        for reviewer in rotation
        if reviewer.pk in assigned or services.conflict_reason(reviewer, application) is None
    ][:wanted]
    if len(chosen) < wanted:
        raise FixtureError(f"{application.holder_name}: not enough reviewers without a conflict")
    return chosen


def _points(rng: random.Random, criterion, level: float) -> Decimal:
    """Points in half steps around `level` × the criterion's maximum, never above it."""
    share = min(max(level + rng.uniform(-NOISE, NOISE), 0.4), 1.0)
    points = Decimal(round(float(criterion.max_points) * share * 2)) / 2
    return min(points, criterion.max_points).quantize(Decimal("0.01"))


def _comment(points: dict) -> str:
    def share(item):
        criterion, value = item
        return value / criterion.max_points

    strongest = max(points.items(), key=share)[0]
    weakest = min(points.items(), key=share)[0]
    return f"“{strongest.name}”部分做得扎实；“{weakest.name}”部分还可以再充实。"


def _check_caps(round_: Round, reviewers: list) -> None:
    for reviewer in reviewers:
        load = Assignment.objects.filter(
            application__round=round_, reviewer=reviewer, status=AssignmentStatus.ASSIGNED
        ).count()
        if load > round_.reviewer_cap:
            raise FixtureError(f"{reviewer.username}: {load} entries, over the round's cap")


def _load_notices(round_: Round, row: dict, secretariat, counts: Counter) -> dict[str, Notice]:
    """The public notice runs the round's working days from its first working day."""
    notices = {}
    calendar = Calendar()
    for notice_row in row.get("notices", []):
        kind = notice_row["kind"]
        published_at = _moment(notice_row["published_at"])
        starts_on = ends_on = None
        if kind == NoticeKind.PROPOSED:
            starts_on = calendar.first_workday_from(timezone.localdate(published_at))
            ends_on = calendar.last_of_period(starts_on, round_.notice_working_days)
        elif (
            NoticeKind.PROPOSED in notices
            and timezone.localdate(published_at) <= notices[NoticeKind.PROPOSED].ends_on
        ):
            raise FixtureError(f"{round_.title}: the final list comes after the notice period")
        values = _with_traditional(notice_row, "text")
        values.update(
            published_at=published_at,
            published_by=secretariat,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        notice = save_if_changed(Notice, {"round": round_, "kind": kind}, values, counts)
        notices[kind] = notice
        for objection_row in notice_row.get("objections", []):
            _load_objection(notice, objection_row, secretariat, counts)
    return notices


def _load_objection(notice: Notice, row: dict, secretariat, counts: Counter) -> None:
    application = notice.round.applications.filter(holder_name=row["against"]).first()
    if application is None:
        raise FixtureError(f"objection against an unknown entry {row['against']!r}")
    received_at = _moment(row["received_at"])
    if timezone.localdate(received_at) > notice.ends_on:
        raise FixtureError(f"objection to {row['against']!r} after the notice period")
    resolved = row.get("resolved_at")
    _save(
        Objection,
        {"notice": notice, "application": application, "name": row["name"]},
        {
            "phone": str(row["phone"]),
            "email": row.get("email", ""),
            "organisation": row.get("organisation", ""),
            "reasons": row["reasons"],
            "status": row.get("status", "open"),
            "outcome": row.get("outcome", ""),
            "resolved_at": _moment(resolved) if resolved else None,
            "resolved_by": secretariat if resolved else None,
        },
        counts,
        created_at=received_at,
    )


def _load_certificates(round_: Round, final: Notice, counts: Counter) -> None:
    """One certificate per awarded entry, numbered in list order as `publish_final_list` does."""
    prefix = f"{round_.program.code}-{round_.year}-"
    for number, application in enumerate(selectors.awarded_entries(round_), start=1):
        _save(
            Certificate,
            {"application": application},
            {"serial": f"{prefix}{number:04d}", "holder_name": application.holder_name},
            counts,
            issued_at=final.published_at,
        )

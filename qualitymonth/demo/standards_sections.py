"""Handlers for the group-standards section of the demo fixtures: standards taken through the
services step by step (proposal, approval, draft, public comment, answers, review, publication,
withdrawal) as far as each row's stage. A standard already there is left as it is."""

import datetime
import uuid
from collections import Counter

from django.utils import timezone

from qualitymonth.core.workdays import Calendar
from qualitymonth.demo.loader import section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.events.models import Event, Registration
from qualitymonth.organizations.models import User
from qualitymonth.standards import evaluations, pilots, review, services
from qualitymonth.standards.models import PilotProject, Standard
from qualitymonth.standards.services import ClauseLine
from qualitymonth.surveys.models import Evaluation as SurveyEvaluation
from qualitymonth.surveys.models import Round as SurveyRound
from qualitymonth.surveys.models import Site, Source
from qualitymonth.surveys.services.responses import submit_response

ORDER = ["proposed", "drafting", "comment", "published", "withdrawn"]


def _reached(row, stage: str) -> bool:
    return ORDER.index(row["stage"]) >= ORDER.index(stage)


@section("standards")
def load_standards(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        if Standard.objects.filter(title=row["title"]).exists():
            counts["unchanged"] += 1
            continue
        _load(row)
        counts["created"] += 1
    return counts


def _opening(working_days: int) -> datetime.date:
    """Today, or, when a period from today would run into a year whose holidays are not
    published yet (December), the latest day it can open and still close within the known
    calendar: the demo's period is then open now without guessing next year's holidays."""
    today = timezone.localdate()
    calendar = Calendar()
    known_until = calendar.known_until()
    if today > known_until:
        return today  # opening refuses with the calendar's own message
    return min(today, calendar.latest_start_ending_by(known_until, working_days))


def _load(row: dict) -> None:
    standard = services.propose(
        actor=None,
        proposer=unit_by_key(row["proposer"]),
        title=row["title"],
        title_en=row.get("title_en", ""),
        scope=row["scope"],
        reason=row["reason"],
        related_standards=row.get("related", ""),
        drafting_units=[unit_by_key(key) for key in row.get("drafting_units", [])],
        is_demo=True,
    )
    if not _reached(row, "drafting"):
        return
    services.approve_proposal(
        actor=None,
        standard=standard,
        plan_number=row["plan_number"],
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    services.add_version(
        actor=None,
        standard=standard,
        clauses=[ClauseLine(*clause) for clause in row["clauses"]],
        note="征求意见稿",
    )
    if not _reached(row, "comment"):
        return
    # Comments are taken while the period is open; a past period gets its dates afterwards.
    opens_on = _opening(row["working_days"])
    services.open_public_comment(
        actor=None, standard=standard, opens_on=opens_on, working_days=row["working_days"]
    )
    if opens_on == timezone.localdate():
        Standard.objects.filter(pk=standard.pk).update(comment_opens_at=timezone.now())
    version = standard.versions.get()
    comments = []
    for line in row.get("comments", []):
        comment = services.add_comment(
            actor=User.objects.get(username=line["author"]),
            clause=version.clauses.get(number=line["clause"]),
            kind=line["kind"],
            comment=line["comment"],
            proposed_change=line.get("change", ""),
            unit=unit_by_key(line["unit"]) if line.get("unit") else None,
        )
        comments.append((comment, line))
    if not _reached(row, "published"):
        return
    opens = datetime.date.fromisoformat(str(row["opens_on"]))
    Standard.objects.filter(pk=standard.pk).update(
        comment_opens_at=datetime.datetime.combine(opens, datetime.time()).replace(
            tzinfo=services.SHANGHAI
        ),
        comment_closes_at=services.comment_close(opens, row["working_days"]),
    )
    for comment, line in comments:
        services.answer_comment(
            actor=None, comment=comment, decision=line["decision"], reason=line["reason"]
        )
    services.finalise_handling(actor=None, standard=standard)
    if row.get("final_clauses"):
        services.add_version(
            actor=None,
            standard=standard,
            clauses=[ClauseLine(*clause) for clause in row["final_clauses"]],
            note="送审稿",
        )
    _review(standard, row.get("review"))
    services.publish(
        actor=None,
        standard=standard,
        approved_on=datetime.date.fromisoformat(str(row["approved_on"])),
        implemented_on=datetime.date.fromisoformat(str(row["implemented_on"])),
    )
    for adopter in row.get("adopters", []):
        services.declare_adoption(
            actor=None,
            standard=standard,
            unit=unit_by_key(adopter["unit"]),
            reference=adopter["reference"],
            is_demo=True,
        )
    for line in row.get("evaluations", []):
        _evaluate(standard, line)
    if row["stage"] == "withdrawn":
        services.withdraw(actor=None, standard=standard)


def _evaluate(standard, line: dict) -> None:
    """An implementation evaluation through its survey round: started, answered by the
    adopters listed, concluded. A standard not in force yet (the demo loaded before its
    implementation date) is not evaluated."""
    if standard.implemented_on and timezone.localdate() < standard.implemented_on:
        return
    evaluation = evaluations.start_evaluation(
        actor=None,
        standard=standard,
        collection_ends=timezone.localdate() + datetime.timedelta(days=30),
        is_demo=True,
    )
    round_ = evaluation.survey_round
    SurveyEvaluation.objects.filter(pk=round_.evaluation_id).update(is_demo=True)
    SurveyRound.objects.filter(pk=round_.pk).update(is_demo=True)
    Site.objects.filter(evaluation_id=round_.evaluation_id).update(is_demo=True)
    sites = {
        site.enterprise.key: site
        for site in Site.objects.filter(evaluation_id=round_.evaluation_id).select_related(
            "enterprise"
        )
    }
    for n, answer in enumerate(line.get("answers", []), start=1):
        answers = {k: str(v) for k, v in answer.items() if k != "unit"}
        submit_response(
            round_=round_,
            client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-standard-{standard.pk}-{n}"),
            answers=answers,
            actor=None,
            source=Source.WEB,
            site=sites[answer["unit"]],
            site_required=True,
            is_demo=True,
        )
    evaluations.record_conclusion(
        actor=None, evaluation=evaluation, result=line["result"], conclusion=line["conclusion"]
    )


def _review(standard, meeting: dict | None) -> None:
    """The review meeting with its panel and their conclusions; without one in the row, the
    decision alone."""
    if not meeting:
        services.record_review(actor=None, standard=standard, decision="pass")
        return
    held = review.schedule_meeting(
        actor=None,
        standard=standard,
        held_on=datetime.date.fromisoformat(str(meeting["held_on"])),
        place=meeting.get("place", ""),
    )
    for line in meeting["panel"]:
        member = review.add_expert(
            actor=None,
            meeting=held,
            expert=User.objects.get(username=line["expert"]),
            affiliation=line.get("affiliation", ""),
            is_chair=line.get("chair", False),
        )
        review.record_conclusion(
            actor=None,
            member=member,
            conclusion=line["conclusion"],
            comments=line.get("comments", ""),
        )
    review.decide(
        actor=None, meeting=held, decision=meeting["decision"], minutes=meeting["minutes"]
    )
    # The meeting's event and the panel's tickets are demo data too.
    Event.objects.filter(pk=held.event_id).update(is_demo=True)
    Registration.objects.filter(event_id=held.event_id).update(is_demo=True)


def _day(value) -> datetime.date:
    return datetime.date.fromisoformat(str(value))


@section("standard_pilots")
def load_pilots(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        if PilotProject.objects.filter(title=row["title"]).exists():
            counts["unchanged"] += 1
            continue
        project = pilots.add_pilot(
            actor=None,
            title=row["title"],
            unit=unit_by_key(row["unit"]),
            level=row["level"],
            starts_on=_day(row["starts_on"]),
            ends_on=_day(row["ends_on"]),
            is_demo=True,
        )
        for line in row.get("milestones", []):
            milestone = pilots.add_milestone(
                actor=None, project=project, title=line["title"], due_on=_day(line["due_on"])
            )
            if line.get("done_on"):
                pilots.milestone_done(
                    actor=None, milestone=milestone, done_on=_day(line["done_on"])
                )
        if row.get("accepted_on"):
            pilots.accept(
                actor=None,
                project=project,
                accepted_on=_day(row["accepted_on"]),
                note=row["acceptance"],
            )
        counts["created"] += 1
    return counts

"""Writes of the group-standards life cycle; every state change is audited.

Each write runs in one transaction and locks the standard first, so a refusal leaves nothing
half-saved and two clicks at once cannot both pass a check.
"""

import dataclasses
import datetime
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.workdays import Calendar
from qualitymonth.standards.models import (
    DRAFTABLE,
    Adoption,
    Answer,
    Clause,
    Comment,
    CommentKind,
    Decision,
    DraftVersion,
    NumberSequence,
    ReviewDecision,
    Standard,
    State,
)
from qualitymonth.standards.selectors import current_version

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Clause numbers as GB/T 1.1 writes them: 1, 3.2, 5.1.4, A, A.1.
CLAUSE_NUMBER = re.compile(r"^(\d+(\.\d+)*|[A-Z](\.\d+)*)$")


def number_prefix() -> str:
    return getattr(settings, "STANDARDS_NUMBER_PREFIX", "T/SAQ")


def _locked(standard: Standard) -> Standard:
    return Standard.objects.select_for_update().get(pk=standard.pk)


def _move(actor, standard: Standard, to: str, allowed_from: tuple, message: str, **changes):
    if standard.state not in allowed_from:
        raise ValidationError(message, code="wrong_state")
    before = standard.state
    standard.state = to
    for field, value in changes.items():
        setattr(standard, field, value)
    standard.save()
    audited = {"state": [before, to]} | {k: [None, str(v)] for k, v in changes.items()}
    log_action(actor=actor, action=f"standard.{to}", obj=standard, changes=audited)
    return standard


@transaction.atomic
def propose(
    *,
    actor,
    proposer,
    title: str,
    scope: str,
    reason: str,
    drafting_units=(),
    related_standards: str = "",
    drafters: str = "",
    revises=None,
    title_en: str = "",
    title_zh_hant: str = "",
    is_demo: bool = False,
) -> Standard:
    if not title.strip() or not scope.strip() or not reason.strip():
        raise ValidationError(_("Give the standard's title, scope and the reason for it."))
    standard = Standard.objects.create(
        proposer=proposer,
        proposed_by=actor if actor is not None and actor.is_authenticated else None,
        title=title.strip(),
        title_en=title_en.strip(),
        title_zh_hant=title_zh_hant.strip(),
        scope=scope.strip(),
        reason=reason.strip(),
        related_standards=related_standards.strip(),
        drafters=drafters.strip(),
        revises=revises,
        is_demo=is_demo,
    )
    standard.drafting_units.set(drafting_units)
    log_action(actor=actor, action="standard.propose", obj=standard)
    return standard


@transaction.atomic
def approve_proposal(*, actor, standard, plan_number: str, starts_on, ends_on) -> Standard:
    """立项: the standards committee approves the proposal with a plan number and a schedule."""
    standard = _locked(standard)
    if not plan_number.strip() or not starts_on or not ends_on:
        raise ValidationError(_("Give the plan number and the drafting schedule."))
    if ends_on < starts_on:
        raise ValidationError(_("The drafting schedule ends before it starts."))
    if Standard.objects.filter(plan_number=plan_number.strip()).exclude(pk=standard.pk).exists():
        raise ValidationError(
            _("The plan number %(number)s is already used.") % {"number": plan_number.strip()}
        )
    _move(
        actor,
        standard,
        State.APPROVED,
        (State.PROPOSED,),
        _("Only a proposed standard can be approved."),
        plan_number=plan_number.strip(),
        plan_starts_on=starts_on,
        plan_ends_on=ends_on,
    )
    if standard.revises_id and not standard.versions.exists():
        # A revision starts from the text in force.
        old = current_version(standard.revises)
        if old is not None:
            lines = [ClauseLine(c.number, c.heading, c.text) for c in old.clauses.all()]
            add_version(actor=actor, standard=standard, clauses=lines, note=_("Text in force"))
            standard.refresh_from_db()
    return standard


@transaction.atomic
def reject_proposal(*, actor, standard, reason: str) -> Standard:
    standard = _locked(standard)
    if not reason.strip():
        raise ValidationError(_("Give the reason for not approving the proposal."))
    return _move(
        actor,
        standard,
        State.REJECTED,
        (State.PROPOSED,),
        _("Only a proposed standard can be turned down."),
        rejection_reason=reason.strip(),
    )


@dataclasses.dataclass(frozen=True)
class ClauseLine:
    number: str
    heading: str
    text: str = ""


@transaction.atomic
def add_version(*, actor, standard, clauses: list[ClauseLine], note: str = "") -> DraftVersion:
    """A new numbered draft; earlier versions stay as they were."""
    standard = _locked(standard)
    if standard.state not in DRAFTABLE:
        raise ValidationError(
            _(
                "Drafts are added once the standard is approved and until "
                "it is published, outside the public comment period."
            )
        )
    if not clauses:
        raise ValidationError(_("A draft needs at least one clause."))
    seen = set()
    for line in clauses:
        if not CLAUSE_NUMBER.match(line.number) or not line.heading.strip():
            raise ValidationError(
                _("Clause %(number)s: give a number such as 1, 3.2 or A.1 and a heading.")
                % {"number": line.number or "?"}
            )
        if line.number in seen:
            raise ValidationError(_("Clause %(number)s appears twice.") % {"number": line.number})
        seen.add(line.number)
    last = standard.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DraftVersion.objects.create(
        standard=standard,
        number=last + 1,
        note=note.strip(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    Clause.objects.bulk_create(
        Clause(
            version=version,
            number=line.number,
            heading=line.heading.strip()[:300],
            text=line.text.strip(),
            order=index,
        )
        for index, line in enumerate(clauses)
    )
    if standard.state == State.APPROVED:
        _move(actor, standard, State.DRAFTING, (State.APPROVED,), "")
    log_action(
        actor=actor,
        action="standard.add_version",
        obj=standard,
        changes={"version": [last or None, version.number]},
    )
    return version


def comment_close(opens_on: datetime.date, working_days: int) -> datetime.datetime:
    """The end of the `working_days`-th working day from `opens_on`, in Shanghai time."""
    last_day = Calendar().last_of_period(opens_on, working_days)
    midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    return midnight.replace(tzinfo=SHANGHAI)


@transaction.atomic
def open_public_comment(*, actor, standard, opens_on: datetime.date, working_days: int):
    standard = _locked(standard)
    if current_version(standard) is None:
        raise ValidationError(_("Add a draft before opening the public comment period."))
    if not 1 <= working_days <= 60:
        raise ValidationError(_("A public comment period lasts from 1 to 60 working days."))
    opens_at = datetime.datetime.combine(opens_on, datetime.time()).replace(tzinfo=SHANGHAI)
    return _move(
        actor,
        standard,
        State.COMMENT,
        (State.DRAFTING,),
        _("Only a standard being drafted can be opened for public comment."),
        comment_opens_at=opens_at,
        comment_working_days=working_days,
        comment_closes_at=comment_close(opens_on, working_days),
    )


def comments_open(standard, now=None) -> bool:
    now = now or timezone.now()
    return (
        standard.state == State.COMMENT
        and standard.comment_opens_at is not None
        and standard.comment_opens_at <= now < standard.comment_closes_at
    )


@transaction.atomic
def add_comment(
    *, actor, clause: Clause, kind: str, comment: str, proposed_change: str = "", unit=None
) -> Comment:
    standard = _locked(clause.version.standard)
    if not comments_open(standard):
        raise ValidationError(
            _("The public comment period of this standard is closed."), code="closed"
        )
    if clause.version_id != current_version(standard).pk:
        raise ValidationError(
            _("This clause belongs to an earlier draft; comment on the current draft."),
            code="old_version",
        )
    if kind not in CommentKind.values:
        raise ValidationError(_("Choose the type of the comment."))
    if not comment.strip():
        raise ValidationError(_("Write the comment."))
    return Comment.objects.create(
        clause=clause,
        author=actor,
        unit=unit,
        kind=kind,
        comment=comment.strip(),
        proposed_change=proposed_change.strip(),
    )


@transaction.atomic
def answer_comment(*, actor, comment: Comment, decision: str, reason: str) -> Answer:
    standard = _locked(comment.clause.version.standard)
    if standard.handling_final_at is not None:
        raise ValidationError(_("The handling table is final; answers no longer change."))
    if comments_open(standard):
        raise ValidationError(_("Comments are answered after the public comment period."))
    if decision not in Decision.values:
        raise ValidationError(_("Choose accepted, partly accepted or not accepted."))
    if decision != Decision.ACCEPTED and not reason.strip():
        raise ValidationError(_("Give the reason when a comment is not fully accepted."))
    answer, _created = Answer.objects.update_or_create(
        comment=comment,
        defaults={"decision": decision, "reason": reason.strip(), "answered_by": actor},
    )
    log_action(
        actor=actor, action="standard.answer", obj=comment, changes={"decision": [None, decision]}
    )
    return answer


@transaction.atomic
def finalise_handling(*, actor, standard) -> Standard:
    """The handling table (意见汇总处理表) is final once every comment has its answer."""
    standard = _locked(standard)
    if standard.state != State.COMMENT or comments_open(standard):
        raise ValidationError(_("The handling table is made final after the comment period."))
    waiting = Comment.objects.filter(
        clause__version__standard=standard, answer__isnull=True
    ).count()
    if waiting:
        raise ValidationError(
            _("%(count)s comments have no answer yet.") % {"count": waiting}, code="unanswered"
        )
    return _move(
        actor, standard, State.REVIEW, (State.COMMENT,), "", handling_final_at=timezone.now()
    )


@transaction.atomic
def record_review(*, actor, standard, decision: str) -> Standard:
    standard = _locked(standard)
    if standard.state != State.REVIEW:
        raise ValidationError(_("A review is recorded after the handling table is final."))
    if decision not in ReviewDecision.values:
        raise ValidationError(_("Choose the review meeting's decision."))
    before = standard.review_decision
    standard.review_decision = decision
    standard.save(update_fields=["review_decision"])
    log_action(
        actor=actor,
        action="standard.review",
        obj=standard,
        changes={"review_decision": [before or None, decision]},
    )
    return standard


NUMBER = re.compile(r"^(?P<prefix>.+) (?P<sequence>\d{3,})—(?P<year>\d{4})$")


def _format(prefix: str, sequence: int, year: int) -> str:
    return f"{prefix} {sequence:03d}—{year}"


@transaction.atomic
def publish(
    *, actor, standard, approved_on: datetime.date, implemented_on: datetime.date, number: str = ""
) -> Standard:
    """Approval and publication: the standard gets its number, the next of the year unless
    the secretariat gives one (an older number re-entered, say)."""
    standard = _locked(standard)
    if standard.state != State.REVIEW or standard.review_decision not in (
        ReviewDecision.PASS,
        ReviewDecision.PASS_WITH_CHANGES,
    ):
        raise ValidationError(
            _("A standard is published only after its review has passed."), code="review_not_passed"
        )
    if implemented_on < approved_on:
        raise ValidationError(_("The implementation date is before the approval date."))
    prefix, year = number_prefix(), approved_on.year
    sequence_row, _created = NumberSequence.objects.get_or_create(prefix=prefix, year=year)
    sequence_row = NumberSequence.objects.select_for_update().get(pk=sequence_row.pk)
    if number.strip():
        match = NUMBER.match(number.strip())
        if not match or match["prefix"] != prefix or int(match["year"]) != year:
            raise ValidationError(
                _("Write the number as %(example)s.") % {"example": _format(prefix, 1, year)},
                code="bad_number",
            )
        sequence = int(match["sequence"])
    else:
        sequence = sequence_row.last + 1
    formatted = _format(prefix, sequence, year)
    if Standard.objects.filter(number=formatted).exists():
        raise ValidationError(
            _("The number %(number)s is already used.") % {"number": formatted}, code="number_used"
        )
    sequence_row.last = max(sequence_row.last, sequence)
    sequence_row.save(update_fields=["last"])
    if standard.revises_id and standard.revises.state == State.PUBLISHED:
        mark_revised(actor=actor, standard=standard.revises)
    return _move(
        actor,
        standard,
        State.PUBLISHED,
        (State.REVIEW,),
        "",
        number=formatted,
        number_year=year,
        number_sequence=sequence,
        approved_on=approved_on,
        implemented_on=implemented_on,
    )


@transaction.atomic
def withdraw(*, actor, standard) -> Standard:
    standard = _locked(standard)
    return _move(
        actor,
        standard,
        State.WITHDRAWN,
        (State.PUBLISHED,),
        _("Only a published standard can be withdrawn."),
    )


@transaction.atomic
def mark_revised(*, actor, standard) -> Standard:
    standard = _locked(standard)
    return _move(
        actor,
        standard,
        State.REVISED,
        (State.PUBLISHED,),
        _("Only a published standard can be revised."),
    )


@transaction.atomic
def start_revision(*, actor, standard, reason: str) -> Standard:
    """A revision is a new cycle: a proposal that names the standard it revises; the standard
    in force stays current until the revision is published."""
    standard = _locked(standard)
    if standard.state != State.PUBLISHED:
        raise ValidationError(_("Only a published standard can be revised."), code="wrong_state")
    if not reason.strip():
        raise ValidationError(_("Give the reason for the revision."))
    ongoing = standard.revisions.exclude(state__in=(State.REJECTED, State.PUBLISHED))
    if ongoing.exists():
        raise ValidationError(_("A revision of this standard is already under way."))
    revision = propose(
        actor=actor,
        proposer=standard.proposer,
        title=standard.title,
        title_en=standard.title_en,
        title_zh_hant=standard.title_zh_hant,
        scope=standard.scope,
        reason=reason,
        related_standards=standard.related_standards,
        drafters=standard.drafters,
        drafting_units=list(standard.drafting_units.all()),
        revises=standard,
        is_demo=standard.is_demo,
    )
    log_action(actor=actor, action="standard.start_revision", obj=standard)
    return revision


@transaction.atomic
def declare_adoption(*, actor, standard, unit, reference: str, is_demo: bool = False):
    """An enterprise applies a published standard; once per enterprise and standard."""
    standard = _locked(standard)
    if standard.state != State.PUBLISHED:
        raise ValidationError(
            _("Enterprises declare that they apply a standard while it is in force."),
            code="not_in_force",
        )
    if not reference.strip():
        raise ValidationError(
            _("Give the reference of your standards self-declaration that names this standard.")
        )
    if Adoption.objects.filter(standard=standard, unit=unit).exists():
        raise ValidationError(
            _("%(unit)s has declared that it applies this standard already.") % {"unit": unit.name},
            code="twice",
        )
    adoption = Adoption.objects.create(
        standard=standard,
        unit=unit,
        reference=reference.strip()[:200],
        declared_by=actor if actor is not None and actor.is_authenticated else None,
        declared_on=timezone.localdate(),
        is_demo=is_demo,
    )
    log_action(
        actor=actor, action="standard.adopt", obj=standard, changes={"unit": [None, unit.name]}
    )
    return adoption

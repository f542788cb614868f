"""Applications: draft, answer the form, attach files, submit before the deadline, endorse."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qualitymonth.awards.models import (
    ApplicantKind,
    Application,
    ApplicationStatus,
    Attachment,
    RoundStatus,
)
from qualitymonth.core.questions.answers import clean_answers as core_clean_answers
from qualitymonth.core.questions.answers import display_answer
from qualitymonth.core.questions.answers import unanswered as unanswered_questions
from qualitymonth.core.services import diff_fields, log_action
from qualitymonth.core.uploads import check_attachment, delete_on_commit, store_checked_on_commit
from qualitymonth.core.versions import check_version, shown, version_of
from qualitymonth.organizations.selectors import staff_unit_ids

TITLE_MAX = 300


def _deadline_passed(round_) -> ValidationError:
    return ValidationError(
        _("The deadline for applications (%(deadline)s) has passed.")
        % {"deadline": date_format(timezone.localtime(round_.closes_at), "DATETIME_FORMAT")},
        code="deadline",
    )


def _check_accepting(round_) -> None:
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not taking applications."), code="closed")
    if timezone.now() > round_.closes_at:
        raise _deadline_passed(round_)


def _check_draft(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            _("A submitted application cannot be changed any more."), code="submitted"
        )
    _check_accepting(application.round)


@transaction.atomic
def start_application(*, actor, round, unit=None) -> Application:
    """A draft in a unit's name (unit programs) or the actor's own (person programs)."""
    _check_accepting(round)
    if round.program.applicant_kind == ApplicantKind.UNIT:
        if unit is None or unit.pk not in staff_unit_ids(actor):
            raise ValidationError(
                {"unit": _("Choose a unit you may apply for.")}, code="not_your_unit"
            )
        holder = unit.name
    else:
        if unit is not None and unit.pk not in staff_unit_ids(actor):
            unit = None  # a person names their workplace only where they hold a position
        holder = actor.get_full_name() or actor.username
    application = Application.objects.create(
        round=round, applicant_unit=unit, created_by=actor, holder_name=holder, title=""
    )
    log_action(actor=actor, action="award_application.start", obj=application)
    return application


def clean_answers(round_, raw: dict) -> tuple[dict, dict]:
    """The round's custom fields: (answers by field id, errors by form field name).

    A draft may leave required fields empty: they are asked for on submission."""
    return core_clean_answers(
        round_.fields.all(), raw, field_name="field_{pk}", stored_key="{pk}", require=False
    )


def application_values(application: Application, questions=None) -> dict:
    """What the draft form shows, by form field: title, name, recommending unit, answers."""
    questions = application.round.fields.all() if questions is None else questions
    values = {
        "title": application.title,
        "holder_name": application.holder_name,
        "recommending_unit": application.recommending_unit_id,
    }
    for question in questions:
        values[f"field_{question.pk}"] = application.answers.get(str(question.pk))
    return values


def application_version(application: Application, questions=None) -> str:
    """The version a draft form is opened with (see core.versions)."""
    return version_of(application_values(application, questions))


def _check_application_version(application: Application, version: str | None) -> None:
    """Refuse a save from a page opened before another save of this draft (a colleague, or
    another tab): it would put back what that save changed. The row is locked by now."""
    if not version:
        return
    questions = list(application.round.fields.all())
    values = application_values(application, questions)
    labels = {
        "title": _("Title of the result or project"),
        "holder_name": _("Name on the list"),
        "recommending_unit": _("Recommending unit"),
    }
    unit = application.recommending_unit
    display = {"recommending_unit": shown(unit.display_name if unit else None)}
    for question in questions:
        name = f"field_{question.pk}"
        labels[name] = question.display_label
        display[name] = shown(display_answer(question, values[name]) or None)
    check_version(version, values, labels=labels, display=display)


@transaction.atomic
def update_application(
    *,
    actor,
    application,
    title: str,
    holder_name: str,
    recommending_unit,
    answers: dict,
    version: str | None = None,
) -> Application:
    """Save the draft. `version` is the one the form was opened with: a stale one is refused
    and nothing is saved (callers without a form send none)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_draft(application)
    _check_application_version(application, version)
    errors = {}
    title, holder_name = title.strip(), holder_name.strip()
    if len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title under %(limit)s characters.") % {"limit": TITLE_MAX}
    if not holder_name:
        errors["holder_name"] = _("Give the name to show on the list.")
    cleaned, answer_errors = clean_answers(application.round, answers)
    errors.update(answer_errors)
    if errors:
        raise ValidationError(errors)
    before = {
        "title": application.title,
        "holder_name": application.holder_name,
        "recommending_unit": application.recommending_unit_id,
        "answers": application.answers,
    }
    application.title = title
    application.holder_name = holder_name
    application.recommending_unit = recommending_unit
    application.answers = cleaned
    application.save(update_fields=["title", "holder_name", "recommending_unit", "answers"])
    changes = diff_fields(
        before,
        {
            "title": title,
            "holder_name": holder_name,
            "recommending_unit": application.recommending_unit_id,
            "answers": cleaned,
        },
    )
    if changes:
        log_action(actor=actor, action="award_application.edit", obj=application, changes=changes)
    return application


@transaction.atomic
def add_attachment(*, actor, application, kind, upload) -> Attachment:
    """Checked by content and size, never by the file's name; a picture is re-encoded without
    its metadata; the file is written once the row commits, so a refusal leaves no trace."""
    _check_draft(application)
    checked = check_attachment(upload, field=kind.display_label if kind else _("Attachment"))
    attachment = Attachment(
        application=application,
        kind=kind,
        name=checked.name(),
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    store_checked_on_commit(attachment, "file", checked)
    attachment.save()
    log_action(
        actor=actor,
        action="award_application.attach",
        obj=application,
        changes={"file": [None, attachment.name]},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment) -> None:
    application = attachment.application
    _check_draft(application)
    log_action(
        actor=actor,
        action="award_application.detach",
        obj=application,
        changes={"file": [attachment.name, None]},
    )
    delete_on_commit(attachment.file)
    attachment.delete()


def _missing_parts(application: Application) -> list[str]:
    missing = []
    if not application.title.strip():
        missing.append(_("the title"))
    unanswered = unanswered_questions(
        application.round.fields.all(), application.answers, stored_key="{pk}"
    )
    missing.extend(field.display_label for field in unanswered)
    attached = set(application.attachments.values_list("kind_id", flat=True))
    for kind in application.round.attachment_kinds.filter(required=True):
        if kind.pk not in attached:
            missing.append(kind.display_label)
    if application.round.needs_recommendation and application.recommending_unit_id is None:
        missing.append(_("the recommending unit"))
    return missing


@transaction.atomic
def submit_application(*, actor, application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_draft(application)
    missing = _missing_parts(application)
    if missing:
        raise ValidationError(
            _("Before submitting, fill in: %(parts)s.") % {"parts": "、".join(map(str, missing))},
            code="incomplete",
        )
    application.status = (
        ApplicationStatus.SUBMITTED
        if application.round.needs_recommendation
        else ApplicationStatus.IN_REVIEW
    )
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at"])
    log_action(
        actor=actor,
        action="award_application.submit",
        obj=application,
        changes={"status": [ApplicationStatus.DRAFT, application.status]},
    )
    return application


@transaction.atomic
def recommend_application(*, actor, application, endorse: bool, note: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("This application is not waiting for a recommendation."), code="not_waiting"
        )
    if not endorse and not note.strip():
        raise ValidationError(
            {"note": _("Say why the unit does not recommend the application.")},
            code="no_reason",
        )
    before = application.status
    application.status = (
        ApplicationStatus.IN_REVIEW if endorse else ApplicationStatus.NOT_RECOMMENDED
    )
    application.recommendation_note = note.strip()
    application.save(update_fields=["status", "recommendation_note"])
    log_action(
        actor=actor,
        action="award_application.recommend" if endorse else "award_application.not_recommend",
        obj=application,
        changes={"status": [before, application.status]},
    )
    return application

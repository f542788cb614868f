"""Public notice (公示) of the proposed list, objections in real name, the final list and
certificates. Nothing here deletes: entries and certificates are withdrawn, with a reason."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.awards.models import (
    Application,
    ApplicationStatus,
    Certificate,
    Notice,
    NoticeKind,
    Objection,
    ObjectionStatus,
    Round,
    RoundStatus,
)
from qualitymonth.core import certificates
from qualitymonth.core.phones import phone_or_none
from qualitymonth.core.services import log_action
from qualitymonth.core.uploads import check_attachment, store_checked_on_commit
from qualitymonth.core.workdays import Calendar

# A mainland mobile number, or a landline with its area code.
REASONS_MIN = 10


@transaction.atomic
def publish_proposed_list(
    *, actor, round, text: str = "", text_en: str = "", override: bool = False
) -> Notice:
    """Put the proposed list on public notice. While reviews are outstanding it is refused,
    unless the secretariat says to publish anyway (`override`), which the audit trail keeps."""
    from qualitymonth.awards.selectors import review_progress

    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.REVIEW:
        raise ValidationError(_("The proposed list is published after the review."))
    proposed = round.applications.filter(status=ApplicationStatus.IN_REVIEW, grade__isnull=False)
    if not proposed.exists():
        raise ValidationError(_("Propose a grade for at least one application first."))
    progress = review_progress(round)
    if not progress.complete and not override:
        raise ValidationError(
            _(
                "The review is not complete (%(summary)s). Publish only if you mean to: "
                "tick the box to publish anyway."
            )
            % {"summary": progress.summary()},
            code="incomplete",
        )
    calendar = Calendar()
    starts_on = calendar.first_workday_from(timezone.localdate())
    notice = Notice.objects.create(
        round=round,
        kind=NoticeKind.PROPOSED,
        text=text.strip(),
        text_en=text_en.strip(),
        published_at=timezone.now(),
        published_by=actor,
        starts_on=starts_on,
        ends_on=calendar.last_of_period(starts_on, round.notice_working_days),
    )
    count = proposed.update(status=ApplicationStatus.PROPOSED)
    round.status = RoundStatus.NOTICE
    round.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="award_round.notice",
        obj=round,
        changes={
            "status": [RoundStatus.REVIEW, RoundStatus.NOTICE],
            "entries": [None, count],
            "period": [None, f"{notice.starts_on}…{notice.ends_on}"],
            **(
                {}
                if progress.complete
                else {
                    "override": [None, True],
                    "reviews_outstanding": [None, progress.outstanding],
                    "reviews_assigned": [None, progress.assigned],
                    "applications_short": [None, progress.short],
                }
            ),
        },
    )
    return notice


def objection_errors(*, name: str, phone: str, email: str, reasons: str) -> dict:
    errors = {}
    if not name.strip():
        errors["name"] = _("Objections are accepted in real name only: give your name.")
    if not phone.strip():
        errors["phone"] = _("Give a phone number the secretariat can reach you on.")
    elif phone_or_none(phone) is None:
        errors["phone"] = _("Give a mobile number (11 digits) or a landline with its area code.")
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    if len(reasons.strip()) < REASONS_MIN:
        errors["reasons"] = _("Describe the facts you object to (at least %(n)s characters).") % {
            "n": REASONS_MIN
        }
    return errors


@transaction.atomic
def file_objection(
    *,
    notice,
    application,
    name: str,
    phone: str,
    reasons: str,
    email: str = "",
    organisation: str = "",
    evidence=None,
    user=None,
) -> Objection:
    if notice.kind != NoticeKind.PROPOSED or notice.round.status != RoundStatus.NOTICE:
        raise ValidationError(_("This list is not open to objections."), code="closed")
    if timezone.localdate() > notice.ends_on:
        raise ValidationError(
            _("The notice period ended on %(day)s; objections are no longer accepted.")
            % {"day": notice.ends_on.isoformat()},
            code="late",
        )
    if application.round_id != notice.round_id or application.status != ApplicationStatus.PROPOSED:
        raise ValidationError({"application": _("Choose an entry of this list.")})
    errors = objection_errors(name=name, phone=phone, email=email, reasons=reasons)
    checked = None
    if evidence is not None:
        try:
            checked = check_attachment(evidence, field=_("Evidence"))
        except ValidationError as error:
            errors["evidence"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    objection = Objection(
        notice=notice,
        application=application,
        name=name.strip()[:100],
        phone=phone_or_none(phone),  # E.164, as every stored number
        email=email.strip(),
        organisation=organisation.strip()[:200],
        reasons=reasons.strip(),
        evidence_name=checked.name() if checked else "",
        evidence_type=checked.content_type if checked else "",
        submitted_by=user if user is not None and user.is_authenticated else None,
    )
    if checked:
        store_checked_on_commit(objection, "evidence", checked)
    objection.save()
    log_action(actor=user, action="award_objection.file", obj=objection)
    return objection


@transaction.atomic
def resolve_objection(*, actor, objection, upheld: bool, outcome: str) -> Objection:
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(_("This objection is already resolved."))
    if not outcome.strip():
        raise ValidationError({"outcome": _("Record what was found and decided.")})
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.outcome = outcome.strip()
    objection.resolved_at = timezone.now()
    objection.resolved_by = actor
    objection.save(update_fields=["status", "outcome", "resolved_at", "resolved_by"])
    log_action(
        actor=actor,
        action="award_objection.resolve",
        obj=objection,
        changes={"status": [ObjectionStatus.OPEN, objection.status], "outcome": [None, outcome]},
    )
    return objection


@transaction.atomic
def withdraw_entry(*, actor, application, reason: str) -> Application:
    """Take an entry off the proposed or final list; its certificate, if any, is withdrawn."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is withdrawn.")})
    if application.status not in (ApplicationStatus.PROPOSED, ApplicationStatus.AWARDED):
        raise ValidationError(_("Only entries of a published list can be withdrawn."))
    before = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawal_reason = reason.strip()
    application.save(update_fields=["status", "withdrawal_reason"])
    log_action(
        actor=actor,
        action="award_application.withdraw",
        obj=application,
        changes={"status": [before, application.status], "reason": [None, reason.strip()]},
    )
    certificate = Certificate.objects.filter(application=application, withdrawn_at=None).first()
    if certificate is not None:
        _withdraw(actor=actor, certificate=certificate, reason=reason)
    return application


def _withdraw(*, actor, certificate, reason: str) -> None:
    certificates.withdraw(
        actor=actor, certificate=certificate, reason=reason, audit_name="award_certificate"
    )


@transaction.atomic
def withdraw_certificate(*, actor, certificate, reason: str) -> Certificate:
    if certificate.withdrawn_at is not None:
        raise ValidationError(_("This certificate is already withdrawn."))
    withdraw_entry(actor=actor, application=certificate.application, reason=reason)
    certificate.refresh_from_db()
    return certificate


@transaction.atomic
def publish_final_list(*, actor, round, text: str = "", text_en: str = "") -> Notice:
    """After the notice period, with every objection resolved: the final list and certificates."""
    from qualitymonth.awards.selectors import awarded_entries

    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.NOTICE:
        raise ValidationError(_("The final list follows the public notice."))
    notice = round.notices.get(kind=NoticeKind.PROPOSED)
    if timezone.localdate() <= notice.ends_on:
        raise ValidationError(
            _("The notice period runs until %(day)s.") % {"day": notice.ends_on.isoformat()}
        )
    if notice.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise ValidationError(_("Resolve every objection before publishing the final list."))
    final = Notice.objects.create(
        round=round,
        kind=NoticeKind.FINAL,
        text=text.strip(),
        text_en=text_en.strip(),
        published_at=timezone.now(),
        published_by=actor,
    )
    round.applications.filter(status=ApplicationStatus.PROPOSED).update(
        status=ApplicationStatus.AWARDED
    )
    round.applications.filter(status=ApplicationStatus.IN_REVIEW).update(
        status=ApplicationStatus.NOT_AWARDED
    )
    for application in awarded_entries(round):
        certificates.issue(
            Certificate,
            actor=actor,
            prefix=_serial_prefix(round),
            holder_name=application.holder_name,
            application=application,
            audit_name="award_certificate",
        )
    round.status = RoundStatus.FINAL
    round.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="award_round.final",
        obj=round,
        changes={"status": [RoundStatus.NOTICE, RoundStatus.FINAL]},
    )
    return final


def _serial_prefix(round_) -> str:
    return f"{round_.program.code}-{round_.year}-"

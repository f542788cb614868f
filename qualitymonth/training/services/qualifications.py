"""Qualifications (首席质量官): granted by completing a class, renewed by continuing-education
hours before expiry; appointments by an enterprise's administrator of qualified people only;
a district's published batch."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qualitymonth.core import certificates
from qualitymonth.core.services import log_action
from qualitymonth.training.models import (
    Appointment,
    AppointmentBatch,
    ClassEnrolment,
    Enrolment,
    Qualification,
)


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def grant_qualification(*, enrolment: ClassEnrolment, today=None) -> Qualification:
    kind = enrolment.training_class.qualification_kind
    today = today or timezone.localdate()
    current = Qualification.objects.filter(
        kind=kind, holder=enrolment.user, withdrawn_at__isnull=True
    ).first()
    if current is not None and current.is_valid:
        return current
    if current is not None:
        # A lapsed qualification is replaced by the new one; it stays on record as withdrawn.
        certificates.withdraw(
            actor=None,
            certificate=current,
            reason=_("Replaced by a new qualification after the class was taken again."),
            audit_name="training.qualification",
        )
    return certificates.issue(
        Qualification,
        prefix=f"{kind.prefix}-{today:%Y}-",
        holder_name=str(enrolment.user),
        audit_name="training.qualification",
        kind=kind,
        holder=enrolment.user,
        unit_name=enrolment.unit.name if enrolment.unit_id else "",
        granted_on=today,
        valid_until=_years_later(today, kind.validity_years),
        source_enrolment=enrolment,
        demo=enrolment.is_demo,
    )


def continuing_hours(qualification: Qualification) -> Decimal:
    """Hours of courses and classes completed since the qualification was granted or last
    renewed (the class that granted it does not count)."""
    since = qualification.period_start
    courses = Enrolment.objects.filter(
        user_id=qualification.holder_id, completed_at__date__gte=since
    ).aggregate(hours=Sum("course__hours"))["hours"]
    classes = (
        ClassEnrolment.objects.filter(
            user_id=qualification.holder_id, completed_at__date__gte=since
        )
        .exclude(pk=qualification.source_enrolment_id)
        .aggregate(hours=Sum("training_class__hours"))["hours"]
    )
    return (courses or Decimal(0)) + (classes or Decimal(0))


def renewal_opens(qualification: Qualification) -> datetime.date:
    return qualification.valid_until - datetime.timedelta(
        days=qualification.kind.renewal_window_days
    )


@transaction.atomic
def renew_qualification(*, actor, qualification: Qualification, today=None) -> Qualification:
    today = today or timezone.localdate()
    qualification = (
        Qualification.objects.select_for_update(of=("self",))
        .select_related("kind")
        .get(pk=qualification.pk)
    )
    if qualification.withdrawn_at is not None:
        raise ValidationError(_("A withdrawn qualification cannot be renewed."))
    if qualification.valid_until < today:
        raise ValidationError(
            _(
                "This qualification lapsed on %(date)s; it can no longer be renewed. "
                "Take the class and its exam again."
            )
            % {"date": date_format(qualification.valid_until)}
        )
    if today < renewal_opens(qualification):
        raise ValidationError(
            _("Renewal opens on %(date)s.") % {"date": date_format(renewal_opens(qualification))}
        )
    hours = continuing_hours(qualification)
    if hours < qualification.kind.renewal_hours:
        raise ValidationError(
            _(
                "Renewal needs %(needed)s hours of continuing education since %(since)s; "
                "%(hours)s are recorded."
            )
            % {
                "needed": qualification.kind.renewal_hours,
                "since": date_format(qualification.period_start),
                "hours": hours,
            }
        )
    before = qualification.valid_until
    qualification.valid_until = _years_later(before, qualification.kind.validity_years)
    qualification.renewed_on = today
    qualification.save(update_fields=["valid_until", "renewed_on"])
    log_action(
        actor=actor,
        action="training.qualification.renew",
        obj=qualification,
        changes={"valid_until": [before.isoformat(), qualification.valid_until.isoformat()]},
    )
    return qualification


def find_qualification(number: str) -> Qualification | None:
    return Qualification.objects.filter(serial=(number or "").strip().upper()).first()


@transaction.atomic
def appoint(*, actor, enterprise, number: str, today=None) -> Appointment:
    """An enterprise's administrator appoints the holder of a valid qualification, found by
    its number; a lapsed or withdrawn qualification is refused and nothing is saved."""
    today = today or timezone.localdate()
    qualification = find_qualification(number)
    if qualification is None:
        raise ValidationError({"number": _("No qualification has this number.")})
    if qualification.withdrawn_at is not None:
        raise ValidationError(
            {"number": _("Qualification %(number)s was withdrawn.") % {"number": number}}
        )
    if qualification.valid_until is not None and qualification.valid_until < today:
        raise ValidationError(
            {
                "number": _(
                    "Qualification %(number)s lapsed on %(date)s: only a person with a valid "
                    "qualification can be appointed."
                )
                % {"number": qualification.serial, "date": date_format(qualification.valid_until)}
            }
        )
    if Appointment.objects.filter(
        qualification=qualification, enterprise=enterprise, ended_on__isnull=True
    ).exists():
        raise ValidationError({"number": _("This person is already appointed by your unit.")})
    appointment = Appointment.objects.create(
        qualification=qualification,
        enterprise=enterprise,
        appointed_by=actor,
        appointed_on=today,
    )
    log_action(actor=actor, action="training.appoint", obj=appointment)
    return appointment


@transaction.atomic
def publish_batch(*, actor, batch: AppointmentBatch, appointment_ids: set[int]):
    """The district lists the appointments of enterprises located in it and publishes them."""
    batch = AppointmentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.published_at is not None:
        raise ValidationError(_("This batch is already published."))
    chosen = Appointment.objects.filter(
        pk__in=appointment_ids,
        enterprise__district_id=batch.district_id,
        batch__isnull=True,
        qualification__kind_id=batch.kind_id,
    )
    if chosen.count() != len(appointment_ids) or not appointment_ids:
        raise ValidationError(
            _("Choose appointments of enterprises in the district that are in no other batch.")
        )
    chosen.update(batch=batch)
    batch.published_at = timezone.now()
    batch.save(update_fields=["published_at"])
    log_action(
        actor=actor,
        action="training.batch.publish",
        obj=batch,
        changes={"appointments": [None, sorted(appointment_ids)]},
    )
    return batch

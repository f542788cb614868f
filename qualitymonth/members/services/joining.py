"""Joining: an enterprise applies online; the secretariat approves, asks for more or refuses.
Approval makes (or links) the unit, its membership and first term, the contact's account, and
sends a welcome e-mail; all of it or nothing."""

import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.tasks import queue_email
from qualitymonth.core.uploads import CheckedFile, check_attachment, store_checked_on_commit
from qualitymonth.members.models import (
    OPEN_STATUSES,
    ApplicationStatus,
    JoinApplication,
    MemberProfile,
    MembershipType,
)
from qualitymonth.members.selectors import shanghai_today
from qualitymonth.members.services.terms import add_term
from qualitymonth.organizations import credit_code
from qualitymonth.organizations.models import (
    Membership,
    Position,
    Role,
    Unit,
    UnitKind,
    User,
    validate_credit_code,
)

LICENCE_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


def _check_credit_code(code: str) -> str:
    code = credit_code.normalize(code)
    try:
        validate_credit_code(code)
    except ValidationError as error:
        raise ValidationError({"credit_code": error.messages}) from None
    if Membership.objects.filter(unit__credit_code=code).exists():
        raise ValidationError(
            {
                "credit_code": _(
                    "A unit with this credit code is already a member; ask the "
                    "secretariat to renew its membership instead."
                )
            },
            code="already_member",
        )
    if JoinApplication.objects.filter(credit_code=code, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            {
                "credit_code": _(
                    "An application for this credit code is already with the secretariat."
                )
            },
            code="duplicate",
        )
    return code


def _check_licence(upload) -> CheckedFile:
    # A photographed licence is re-encoded: the phone's metadata (where it was taken) goes.
    try:
        checked = check_attachment(upload)
    except ValidationError as error:
        raise ValidationError({"licence": error.messages}) from None
    if checked.content_type not in LICENCE_TYPES:
        raise ValidationError(
            {"licence": _("Upload the business licence as a PDF or a photo (JPEG or PNG).")}
        )
    return checked


@transaction.atomic
def submit_application(*, actor, licence, type: MembershipType, **values) -> JoinApplication:
    """Check everything first; a refused application leaves no row and no file."""
    errors = {}
    try:
        values["credit_code"] = _check_credit_code(values.get("credit_code", ""))
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        checked = _check_licence(licence)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    application = JoinApplication(type=type, licence_type=checked.content_type, **values)
    store_checked_on_commit(application, "licence", checked)
    application.save()
    log_action(actor=actor, action="member_application.submit", obj=application)
    return application


def _decide(application: JoinApplication, *, actor, status: str, note: str = "") -> None:
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("This application has been decided already."))
    before = application.status
    application.status = status
    application.note = note or application.note
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    log_action(
        actor=actor,
        action=f"member_application.{status}",
        obj=application,
        changes={"status": [before, status], "note": note},
    )


@transaction.atomic
def ask_for_more(*, actor, application: JoinApplication, note: str) -> JoinApplication:
    if not note.strip():
        raise ValidationError({"note": _("Say what the applicant should add.")})
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    _decide(application, actor=actor, status=ApplicationStatus.MORE_INFO, note=note.strip())
    queue_email(
        to=[application.contact_email],
        subject=_("Your application to join: more information needed"),
        body=note.strip(),
    )
    return application


@transaction.atomic
def reject(*, actor, application: JoinApplication, note: str) -> JoinApplication:
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    _decide(application, actor=actor, status=ApplicationStatus.REJECTED, note=note.strip())
    return application


def _unit_for(application: JoinApplication) -> Unit:
    unit = Unit.objects.filter(credit_code=application.credit_code).first()
    if unit is not None:
        return unit
    if Unit.objects.filter(name__iexact=application.unit_name).exists():
        raise ValidationError(
            _("Another unit already has this name; link it by its credit code first.")
        )
    return Unit.objects.create(
        kind=UnitKind.ENTERPRISE,
        key=f"member-{application.credit_code.lower()}",
        name=application.unit_name,
        credit_code=application.credit_code,
        contact_person=application.contact_name,
        phone=application.contact_phone,
        email=application.contact_email,
    )


def _contact_account(application: JoinApplication, unit: Unit) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=application.contact_email).first()
    made = user is None
    if made:
        user = User.objects.create_user(
            username=application.contact_email.lower(),
            email=application.contact_email,
            password=secrets.token_urlsafe(24),  # replaced by the person through the link
            display_name=application.contact_name,
            phone=application.contact_phone,
        )
    Position.objects.get_or_create(user=user, unit=unit, role=Role.UNIT_ADMIN)
    return user, made


def _welcome(user: User, unit: Unit, *, made: bool, site_url: str | None) -> None:
    site = (site_url or settings.SITE_URL).rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Welcome: %(unit)s is now a member unit.") % {"unit": unit.name},
            "",
        ]
        if made:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            link = site + reverse("password_reset_confirm", args=[uid, token])
            lines += [
                _("Your account: %(username)s") % {"username": user.username},
                _("Choose your password here: %(link)s") % {"link": link},
            ]
        else:
            lines.append(_("Sign in with your existing account to act for your unit."))
        subject = _("Welcome to the quality association")
    queue_email(to=[user.email], subject=subject, body="\n".join(lines))


@transaction.atomic
def approve(
    *, actor, application: JoinApplication, association: Unit, site_url: str | None = None
) -> JoinApplication:
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("This application has been decided already."))
    unit = _unit_for(application)
    if Membership.objects.filter(association=association, unit=unit).exists():
        raise ValidationError(_("This unit is already a member."))
    today = shanghai_today()
    membership = Membership.objects.create(
        association=association,
        unit=unit,
        joined_on=today,
        industry_group=application.group,
    )
    add_term(actor=actor, membership=membership, type=application.type, starts_on=today)
    MemberProfile.objects.update_or_create(
        unit=unit, defaults={"industry": application.industry.strip(), "size": application.size}
    )
    user, made = _contact_account(application, unit)
    application.unit = unit
    _decide(application, actor=actor, status=ApplicationStatus.APPROVED)
    _welcome(user, unit, made=made, site_url=site_url)
    return application

"""Joining: an enterprise applies online; the secretariat approves, asks for more or refuses.
Approval makes (or links) the unit, its membership and first term, the contact's account, and
sends a welcome e-mail; all of it or nothing."""

import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from qualitymonth.core.phones import normalise_phone
from qualitymonth.core.services import log_action
from qualitymonth.core.tasks import queue_email
from qualitymonth.core.uploads import CheckedFile, check_attachment, store_checked_on_commit
from qualitymonth.members.models import (
    OPEN_STATUSES,
    ApplicationDocument,
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
# The roles a person named on an application may be given in the new member unit.
PERSON_ROLES = (Role.UNIT_ADMIN, Role.REPORTER)
MAX_PEOPLE = 20
MAX_DOCUMENTS = 10
MORE_SALT = "members.application.more"
MORE_LINK_DAYS = 30


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


def check_people(people: list[dict], contact_email: str | None = None) -> list[dict]:
    """The more people named on an application, each with a name, a valid e-mail (none
    twice, nor the contact's), a phone and a staff role; every problem named by its line."""
    problems, kept, seen = [], [], {(contact_email or "").strip().lower()} - {""}
    if len(people) > MAX_PEOPLE:
        raise ValidationError(
            {"people": _("Name at most %(limit)s more people.") % {"limit": MAX_PEOPLE}}
        )
    for line, person in enumerate(people, start=1):
        name = (person.get("name") or "").strip()
        email = (person.get("email") or "").strip()
        phone = (person.get("phone") or "").strip()
        role = (person.get("role") or "").strip()
        said = []
        if not name:
            said.append(_("give the name"))
        try:
            validate_email(email)
        except ValidationError:
            said.append(_("give a valid e-mail address"))
        else:
            if email.lower() in seen:
                said.append(_("this e-mail address is named twice"))
            seen.add(email.lower())
        try:
            phone = normalise_phone(phone)
        except ValidationError:
            said.append(_("give a valid phone number"))
        if role not in PERSON_ROLES:
            said.append(_("the role is unit administrator or unit reporter"))
        if said:
            problems.append(
                _("Line %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(said)}
            )
        else:
            kept.append({"name": name, "email": email, "phone": phone, "role": role})
    if problems:
        raise ValidationError({"people": problems})
    return kept


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
    try:
        values["people"] = check_people(values.get("people") or [], values.get("contact_email"))
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


def more_link_token(application: JoinApplication) -> str:
    """The signed part of the link by which the applicant answers: it names the application
    and the moment more was asked, so it works for that request only."""
    return signing.dumps(
        {"a": application.pk, "at": application.decided_at.isoformat()}, salt=MORE_SALT
    )


def application_for_token(token: str) -> JoinApplication | None:
    """The application waiting for the applicant's answer that `token` was made for; None
    when the token is forged, older than MORE_LINK_DAYS, or the answer was given already."""
    try:
        data = signing.loads(token, salt=MORE_SALT, max_age=MORE_LINK_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    application = (
        JoinApplication.objects.filter(pk=data.get("a"), status=ApplicationStatus.MORE_INFO)
        .select_related("type", "group")
        .first()
    )
    if application is None or application.decided_at is None:
        return None
    if application.decided_at.isoformat() != data.get("at"):
        return None
    return application


@transaction.atomic
def ask_for_more(
    *, actor, application: JoinApplication, note: str, site_url: str | None = None
) -> JoinApplication:
    if not note.strip():
        raise ValidationError({"note": _("Say what the applicant should add.")})
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    _decide(application, actor=actor, status=ApplicationStatus.MORE_INFO, note=note.strip())
    site = (site_url or settings.SITE_URL).rstrip("/")
    link = site + reverse("members:apply_more", args=[more_link_token(application)])
    with translation.override(settings.LANGUAGE_CODE):
        body = "\n".join(
            [
                note.strip(),
                "",
                _("Answer and add documents here (the link works for %(days)s days): %(link)s")
                % {"days": MORE_LINK_DAYS, "link": link},
            ]
        )
        subject = _("Your application to join: more information needed")
    queue_email(to=[application.contact_email], subject=subject, body=body)
    return application


@transaction.atomic
def answer_more(
    *, application: JoinApplication, answer: str, licence=None, documents=()
) -> JoinApplication:
    """The applicant answers through the signed link: the answer, a new licence if given
    (checked by content), documents; the application returns to the secretariat. Every file
    is checked before anything is kept: a refused answer leaves no row and no file."""
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.MORE_INFO:
        raise ValidationError(_("This application is no longer waiting for your answer."))
    errors: dict[str, list] = {}
    answer = (answer or "").strip()
    if not answer:
        errors["answer"] = [_("Answer the secretariat's question.")]
    licence_checked = None
    if licence:
        try:
            licence_checked = _check_licence(licence)
        except ValidationError as error:
            errors.update(error.message_dict)
    documents = list(documents or [])
    checked_documents = []
    if len(documents) > MAX_DOCUMENTS:
        errors["documents"] = [_("Add at most %(limit)s documents.") % {"limit": MAX_DOCUMENTS}]
    else:
        for upload in documents:
            # A PDF, an Office document or a picture, judged by content (pictures re-encoded).
            try:
                checked = check_attachment(upload, field=upload.name)
            except ValidationError as error:
                errors.setdefault("documents", []).extend(error.messages)
                continue
            checked_documents.append((upload.name, checked))
    if errors:
        raise ValidationError(errors)
    if licence_checked is not None:
        application.licence_type = licence_checked.content_type
        store_checked_on_commit(application, "licence", licence_checked)
    for name, checked in checked_documents:
        document = ApplicationDocument(
            application=application, content_type=checked.content_type, name=name[:200]
        )
        store_checked_on_commit(document, "file", checked)
        document.save()
    before = application.status
    application.answer = answer
    application.answered_at = timezone.now()
    application.status = ApplicationStatus.SUBMITTED
    application.save()
    log_action(
        actor=None,
        action="member_application.answer",
        obj=application,
        changes={
            "status": [before, application.status],
            "documents": len(checked_documents),
            "licence": licence_checked is not None,
        },
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


def _account(unit: Unit, *, name: str, email: str, phone: str, role: str) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=email).first()
    made = user is None
    if made:
        if User.objects.filter(username__iexact=email).exists():
            raise ValidationError(
                _("An account named %(email)s exists already; give that person's e-mail.")
                % {"email": email}
            )
        user = User.objects.create_user(
            username=email.lower(),
            email=email,
            password=secrets.token_urlsafe(24),  # replaced by the person through the link
            display_name=name,
            phone=phone,
        )
    Position.objects.get_or_create(user=user, unit=unit, role=role)
    return user, made


def _contact_account(application: JoinApplication, unit: Unit) -> tuple[User, bool]:
    return _account(
        unit,
        name=application.contact_name,
        email=application.contact_email,
        phone=application.contact_phone,
        role=Role.UNIT_ADMIN,
    )


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
    accounts = [_contact_account(application, unit)]
    for person in application.people or []:
        accounts.append(
            _account(
                unit,
                name=person["name"],
                email=person["email"],
                phone=person["phone"],
                role=person["role"] if person.get("role") in PERSON_ROLES else Role.REPORTER,
            )
        )
    application.unit = unit
    _decide(application, actor=actor, status=ApplicationStatus.APPROVED)
    for user, made in accounts:
        _welcome(user, unit, made=made, site_url=site_url)
    return application

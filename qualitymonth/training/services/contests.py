"""Knowledge contests: one entry per verified phone, the leaderboard by score then time, a
fair prize draw that anyone can repeat from its published seed; daily check-ins."""

import hashlib
import hmac
import random
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from qualitymonth.core import certificates
from qualitymonth.core.budgets import Budget, spend
from qualitymonth.core.phones import national, normalise_phone
from qualitymonth.core.services import log_action
from qualitymonth.training.models import (
    CheckIn,
    CheckInCampaign,
    Contest,
    ContestCertificate,
    ContestEntry,
)
from qualitymonth.training.services.exams import start_attempt

CODE_SECONDS = 600
CODE_TRIES = 5
CODES_PER_HOUR = 3


def _key(contest: Contest, phone: str) -> str:
    return f"training:contest-code:{contest.pk}:{phone}"


def _digest(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def no_gateway(phone: str, text: str) -> None:
    """Without an SMS gateway (TRAINING_SMS_SENDER) nothing is sent; see send_code."""


def _check_open(contest: Contest, now=None) -> None:
    now = now or timezone.now()
    if not contest.is_published or now < contest.opens_at:
        raise ValidationError(_("This contest has not opened yet."))
    if now > contest.closes_at:
        raise ValidationError(_("This contest is closed."))


def _already_entered(contest: Contest, phone: str) -> bool:
    return ContestEntry.objects.filter(contest=contest, phone=phone).exists()


def send_code(*, contest: Contest, phone_text: str) -> tuple[str, str | None]:
    """Text a six-digit code to the phone; (E.164 phone, the code when no gateway is set so
    that a demo or a developer can go on, else None)."""
    _check_open(contest)
    phone = normalise_phone(phone_text)
    if _already_entered(contest, phone):
        raise ValidationError(
            {
                "phone": _("%(phone)s has already taken part in this contest.")
                % {"phone": national(phone)}
            }
        )
    if spend(Budget("training.contest_codes", phone, f"{CODES_PER_HOUR}/h"))[0]:
        raise ValidationError({"phone": _("Too many codes for this number; try again in an hour.")})
    code = f"{secrets.randbelow(1_000_000):06d}"
    cache.set(_key(contest, phone), {"digest": _digest(code), "tries": 0}, CODE_SECONDS)
    sender_path = getattr(settings, "TRAINING_SMS_SENDER", "")
    sender = import_string(sender_path) if sender_path else no_gateway
    sender(
        phone, _("Your code for %(contest)s: %(code)s") % {"contest": contest.title, "code": code}
    )
    return phone, (None if sender_path else code)


def check_code(*, contest: Contest, phone: str, code: str) -> None:
    stored = cache.get(_key(contest, phone))
    if stored is None:
        raise ValidationError({"code": _("The code has expired; ask for a new one.")})
    if stored["tries"] >= CODE_TRIES:
        raise ValidationError({"code": _("Too many wrong codes; ask for a new one.")})
    if not hmac.compare_digest(stored["digest"], _digest((code or "").strip())):
        stored["tries"] += 1
        cache.set(_key(contest, phone), stored, CODE_SECONDS)
        raise ValidationError({"code": _("The code is not right.")})
    cache.delete(_key(contest, phone))


@transaction.atomic
def enter_contest(*, contest: Contest, user, phone: str, display_name: str, code: str):
    """The verified phone's one entry: its attempt starts now. A second entry from the same
    phone is refused and leaves nothing behind."""
    _check_open(contest)
    display_name = (display_name or "").strip()[:40]
    if not display_name:
        raise ValidationError({"display_name": _("Enter the name to show on the leaderboard.")})
    if _already_entered(contest, phone):
        raise ValidationError(
            {
                "phone": _("%(phone)s has already taken part in this contest.")
                % {"phone": national(phone)}
            }
        )
    check_code(contest=contest, phone=phone, code=code)
    try:
        with transaction.atomic():
            attempt = start_attempt(exam=contest.exam, user=user)
            entry = ContestEntry.objects.create(
                contest=contest,
                phone=phone,
                phone_verified_at=timezone.now(),
                display_name=display_name,
                attempt=attempt,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "phone": _("%(phone)s has already taken part in this contest.")
                % {"phone": national(phone)}
            }
        ) from None
    log_action(actor=user, action="training.contest.enter", obj=entry)
    return entry


@transaction.atomic
def draw_prizes(*, actor, contest: Contest, seed: str | None = None, now=None):
    """Winners drawn from the entries that reached the score, in entry order, with a seed
    published beside them: anyone can repeat the draw and get the same names."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    now = now or timezone.now()
    if contest.drawn_at is not None:
        raise ValidationError(_("The prizes of this contest were drawn already."))
    if now <= contest.closes_at:
        raise ValidationError(_("Prizes are drawn once the contest has closed."))
    eligible = [
        entry
        for entry in contest.entries.select_related("attempt").order_by("pk")
        if entry.attempt.percent is not None and entry.attempt.percent >= contest.min_prize_score
    ]
    seed = seed or secrets.token_hex(16)
    winners = random.Random(seed).sample(eligible, min(contest.prizes, len(eligible)))
    for rank, entry in enumerate(winners, start=1):
        entry.prize_rank = rank
        entry.save(update_fields=["prize_rank"])
    contest.draw_seed = seed
    contest.drawn_at = now
    contest.save(update_fields=["draw_seed", "drawn_at"])
    log_action(
        actor=actor,
        action="training.contest.draw",
        obj=contest,
        changes={
            "seed": [None, seed],
            "eligible": [None, [entry.pk for entry in eligible]],
            "winners": [None, [entry.pk for entry in winners]],
        },
    )
    return winners


def check_in(*, campaign: CheckInCampaign, user, today=None) -> CheckIn:
    today = today or timezone.localdate()
    if not campaign.starts_on <= today <= campaign.ends_on:
        raise ValidationError(_("This check-in campaign is not running today."))
    checkin, created = CheckIn.objects.get_or_create(campaign=campaign, user=user, day=today)
    if not created:
        raise ValidationError(_("You have checked in today already."))
    return checkin


@transaction.atomic
def issue_contest_certificates(*, actor, contest: Contest, now=None) -> list:
    """Once the contest has closed: a certificate for each of the first `certificate_top`
    places of the leaderboard (score, then time) and for every entry reaching
    `certificate_score`. Issued once each: running it again issues only what is missing."""
    from qualitymonth.training.selectors_contests import leaderboard

    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if (now or timezone.now()) <= contest.closes_at:
        raise ValidationError(_("Certificates are issued once the contest has closed."))
    if not contest.certificate_top and contest.certificate_score is None:
        raise ValidationError(_("This contest gives no certificates."))
    issued = []
    ranked = leaderboard(contest, limit=None).select_related("attempt__user", "certificate")
    for rank, entry in enumerate(ranked, start=1):
        percent = entry.attempt.percent
        top = rank <= contest.certificate_top
        reached = (
            contest.certificate_score is not None
            and percent is not None
            and percent >= contest.certificate_score
        )
        if not (top or reached) or hasattr(entry, "certificate"):
            continue
        issued.append(
            certificates.issue(
                ContestCertificate,
                actor=actor,
                prefix=f"KC{contest.closes_at:%Y}",
                holder_name=str(entry.attempt.user),
                audit_name="training.contest_certificate",
                entry=entry,
                contest_title=contest.title,
                percent=Decimal(str(percent or 0)),
                rank=rank if top else None,
            )
        )
    return issued

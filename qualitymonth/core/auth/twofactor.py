"""The second factor (TOTP by django-otp, with single-use recovery codes): who must use it, and
enrolling, verifying and removing it. A session is "verified" once django-otp has a device in it
(`request.user.is_verified()`); SecondFactorMiddleware keeps unverified sessions on these pages."""

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qualitymonth.core import cache
from qualitymonth.core.services import log_action

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery codes"


# How core learns a person's roles without importing organizations: organizations registers
# its per-request memo of the person's positions (AppConfig.ready), so the check on every
# request costs no query of its own.
_roles_of = None


def use_roles_from(function) -> None:
    """`function(user)` → the role values the person holds, read once per request."""
    global _roles_of
    _roles_of = function


def must_use_second_factor(user) -> bool:
    """Holders of a role in OTP_REQUIRED_ROLES (by their string values: the secretariat and case
    handlers see citizens' names, phones and ID numbers) must sign in with a second factor."""
    if not settings.OTP_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    if _roles_of is not None:
        return not set(settings.OTP_REQUIRED_ROLES).isdisjoint(_roles_of(user))
    if not hasattr(user, "_must_use_second_factor"):
        user._must_use_second_factor = user.positions.filter(
            role__in=settings.OTP_REQUIRED_ROLES
        ).exists()
    return user._must_use_second_factor


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


VERIFY, SETUP = "verify", "setup"
# The apps whose rows decide the step: the authenticators', and the people's with their
# positions (those of the user model).
STEP_APPS = (TOTPDevice._meta.app_label, settings.AUTH_USER_MODEL.partition(".")[0])


def step_for(user) -> str | None:
    """What a signed-in session that has not passed the second factor must do first: VERIFY
    (the person has an authenticator), SETUP (they must have one) or None (neither).

    Asked on every request of every such session (SecondFactorMiddleware), so it is kept in
    the cache under the person's id and the data versions of STEP_APPS (core/cache.py): a
    request asks the database nothing for it until an authenticator or a position changes,
    and then the very next request asks again."""

    def build():
        if has_second_factor(user):
            return VERIFY
        return SETUP if must_use_second_factor(user) else None

    roles = ",".join(settings.OTP_REQUIRED_ROLES)
    return cache.kept("core.second_factor", STEP_APPS, build, user.pk, settings.OTP_REQUIRED, roles)


def pending_device(user) -> TOTPDevice:
    """The authenticator being enrolled: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no request leaves the platform)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return mark_safe(svg)


def _normal(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def confirm_enrolment(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code from it: the session becomes verified and the
    person gets recovery codes (returned to be shown once). None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user_id=request.user.pk)
    if not device.verify_token(_normal(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=request.user.pk).exclude(pk=device.pk).delete()
    codes = renew_recovery_codes(user=request.user)
    log_action(actor=request.user, action="two_factor.enrol", obj=device)
    _mark_verified(request, device)
    return codes


@transaction.atomic
def renew_recovery_codes(*, user) -> list[str]:
    """New recovery codes, returned to be shown once; the old ones stop working. (django-otp
    stores static tokens as they are, so the page is the only place they are written out.)"""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    log_action(actor=user, action="two_factor.recovery_codes", obj=device)
    return codes


def verify_code(*, request, code: str):
    """Check a code from the authenticator (six digits) or a recovery code (used once); on
    success the session is verified and the device that accepted it is returned."""
    code = _normal(code)
    model = TOTPDevice if code.isdigit() else StaticDevice
    for device in model.objects.devices_for_user(request.user, confirmed=True):
        # django_otp.verify_token locks the device row: throttling and single use hold even
        # when two requests race.
        accepted = django_otp.verify_token(request.user, device.persistent_id, code)
        if accepted is not None:
            _mark_verified(request, accepted)
            return accepted
    return None


def is_throttled(user) -> bool:
    """True while django-otp refuses to check codes after recent wrong ones."""
    return any(
        not device.verify_is_allowed()[0]
        for device in django_otp.devices_for_user(user, confirmed=True)
    )


def _mark_verified(request, device) -> None:
    # A new session key for the raised privilege, as at sign-in.
    request.session.cycle_key()
    django_otp.login(request, device)


@transaction.atomic
def remove_second_factor(*, user) -> bool:
    """Remove the authenticator and recovery codes of a person who may go without them."""
    if must_use_second_factor(user):
        return False
    for device in list(django_otp.devices_for_user(user, confirmed=None)):
        log_action(actor=user, action="two_factor.remove", obj=device)
        device.delete()
    return True

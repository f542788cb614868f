"""Sign-in pages beyond Django's own: password reset and change, the second factor, lockouts."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qualitymonth.core.auth import lockouts, twofactor
from qualitymonth.core.auth.forms import CodeForm, EnrolmentForm
from qualitymonth.core.auth.passwords import after_password_change
from qualitymonth.core.budgets import Budget
from qualitymonth.core.clients import over_limit
from qualitymonth.core.permissions import permission_required

# Lifting a lockout is account care, which the rules give the secretariat as changing people.
MANAGE_ACCOUNTS = "organizations.change_user"


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        # Django saves the password and keeps this session (update_session_auth_hash).
        response = super().form_valid(form)
        revoked = after_password_change(user=form.user, actor=self.request.user)
        if revoked:
            messages.info(
                self.request,
                _("Your API tokens were revoked with the old password. Create new ones if needed."),
            )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not an account has the address (Django sends only when one
    has); requests are budgeted per client and per address asked for."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        by_email = Budget("core.password_reset.email", email, settings.PASSWORD_RESET_RATE)
        spent = over_limit(
            self.request,
            group="core.password_reset",
            rate=settings.PASSWORD_RESET_RATE,
            also=(by_email,),
        )
        if spent:
            form.add_error(None, _("Too many requests for a new password. Try again later."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # Links in mail start with SITE_URL, never with the Host header the request came with.
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        after_password_change(user=form.user, actor=form.user)
        return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def two_factor_verify(request):
    user, next_url = request.user, _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not twofactor.has_second_factor(user):
        return redirect("two_factor_setup" if twofactor.must_use_second_factor(user) else next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = twofactor.is_throttled(user)
        if not throttled and twofactor.verify_code(request=request, code=form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error(
            "code",
            _("Too many wrong codes: wait a minute, then try again.")
            if throttled
            else _(
                "This code is not valid. Codes change every 30 seconds; recovery codes work once."
            ),
        )
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
def two_factor_setup(request):
    user = request.user
    next_url = _next_url(request)
    if twofactor.has_second_factor(user):
        if not user.is_verified():
            return redirect(reverse("two_factor_verify") + "?next=" + reverse("two_factor_setup"))
        return _manage_second_factor(request, user)
    device = twofactor.pending_device(user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return _show_recovery_codes(request, codes, next_url)
        form.add_error(
            "code", _("This code is not valid. Check the time on your phone and try again.")
        )
    context = {
        "form": form,
        "qr_code": twofactor.qr_code_svg(device),
        "secret": twofactor.secret_of(device),
        "required": twofactor.must_use_second_factor(user),
        "next": next_url,
    }
    return render(request, "registration/two_factor_setup.html", context)


def _manage_second_factor(request, user):
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "recovery":
        codes = twofactor.renew_recovery_codes(user=user)
        return _show_recovery_codes(request, codes, reverse("profile"))
    if action == "remove":
        if twofactor.remove_second_factor(user=user):
            messages.success(request, _("Two-step verification is off."))
        return redirect("profile")
    context = {"required": twofactor.must_use_second_factor(user)}
    return render(request, "registration/two_factor_manage.html", context)


def _show_recovery_codes(request, codes, next_url):
    context = {"codes": codes, "next": next_url}
    return render(request, "registration/two_factor_recovery_codes.html", context)


@never_cache
@permission_required(MANAGE_ACCOUNTS)
def lockout_list(request):
    context = {
        "lockouts": lockouts.current_lockouts(),
        "user_limit": settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
    }
    return render(request, "registration/lockouts.html", context)


@require_POST
@permission_required(MANAGE_ACCOUNTS)
def lift_lockout(request):
    kind, value = request.POST.get("kind"), request.POST.get("value", "")
    if kind not in (lockouts.USERNAME, lockouts.ADDRESS) or not value or len(value) > 255:
        raise Http404
    if lockouts.lift_lockout(actor=request.user, kind=kind, value=value):
        messages.success(request, _("Sign-in is open again for “%(value)s”.") % {"value": value})
    else:
        messages.info(request, _("“%(value)s” was not locked out.") % {"value": value})
    return redirect("lockouts")

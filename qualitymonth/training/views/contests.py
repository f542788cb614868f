"""Knowledge contests and check-in campaigns."""

import functools
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from qualitymonth.core import perms_cache
from qualitymonth.core.cache import anonymous_page, fragment, personal_page
from qualitymonth.core.phones import national
from qualitymonth.training import selectors_contests as selectors
from qualitymonth.training.services import contests as services

PENDING = "training-contest-pending"


class PhoneForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("Name on the leaderboard"), max_length=40)
    phone = forms.CharField(label=gettext_lazy("Mobile number"), max_length=30)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code from the text message"), max_length=6)


def _errors_on(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def contest_list(request):
    return render(
        request,
        "training/contest_list.html",
        {"contests": selectors.public_contests(), "campaigns": selectors.running_campaigns()},
    )


def _contest_and_board(key):
    """The contest, and its prize winners and leaderboard as HTML: the same for every reader,
    so built once per language and data version (any write to training's tables, a scored
    attempt among them, makes a new one) and read from the cache by everyone else in one
    round trip. A contest that is not published is a 404, never kept."""

    def build():
        found = selectors.get_contest(key)
        board = render_to_string(
            "training/_contest_board.html",
            {
                "contest": found,
                "leaderboard": list(selectors.leaderboard(found)),
                "winners": list(selectors.winners(found)) if found.drawn_at else [],
            },
        )
        return found, board

    found, board = fragment("training.contest.board", ["training"], build, key)
    # Our own template's output, escaped as it was rendered.
    return found, mark_safe(board)


# What training/_nav.html asks of a signed-in reader, kept with the page chrome's.
NAV_PERMS = (
    "training.mark_some_exam",
    "training.run_some_class",
    "training.edit_courses",
    "training.appoint",
    "training.see_figures",
    "training.manage",
    "training.register_students",
)


def _nav(signed_in: bool, reader) -> str:
    """training/_nav.html for this reader: a dozen links, the same for everyone signed in (or
    not) with the same permissions in the same language, so rendered once per process for
    each such combination rather than on every read of a contest's page."""
    allowed = frozenset(perm for perm in NAV_PERMS if signed_in and reader.has(perm))
    return _nav_for(translation.get_language(), signed_in, allowed)


@functools.lru_cache(maxsize=256)
def _nav_for(language: str, signed_in: bool, allowed: frozenset[str]) -> str:
    perms: dict[str, dict[str, bool]] = {}
    for perm in allowed:
        app_label, codename = perm.split(".")
        perms.setdefault(app_label, {})[codename] = True
    with translation.override(language):
        html = render_to_string(
            "training/_nav.html",
            {"user": SimpleNamespace(is_authenticated=signed_in), "perms": perms},
        )
    # Our own template's output, escaped as it was rendered.
    return mark_safe(html)


def _no_step_pending(request):
    """A signed-in reader's page is kept unless they are between asking for a code and
    entering it (the page then shows the code's form, from their session)."""
    return None if request.session.get(PENDING) else ()


# Anonymous readers (no session) all get the same page: kept whole until training's data
# changes. Signed-in readers get their own page around the cached board, kept for their
# session until any data changes (read again and again once the contest has closed).
@anonymous_page("training")
@personal_page(key=_no_step_pending)
def contest(request, key):
    return _contest_page(request, key)


def _contest_page(request, key, *, phone_form=None, code_form=None, status=200):
    contest, board = _contest_and_board(key)
    pending = request.session.get(PENDING) or {}
    waiting = pending.get("contest") == contest.pk
    reader = perms_cache.reader(request, NAV_PERMS)
    entry = (
        reader.kept(
            f"contest-entry:{contest.pk}", lambda: selectors.entry_of(request.user, contest)
        )
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "training/contest.html",
        {
            **perms_cache.chrome(reader),
            "nav": _nav(request.user.is_authenticated, reader),
            "contest": contest,
            "board": board,
            "entry": entry,
            "phone_form": phone_form or PhoneForm(),
            "code_form": code_form or (CodeForm() if waiting else None),
            "pending_phone": national(pending["phone"]) if waiting else "",
        },
        status=status,
    )


@login_required
@require_POST
def contest_code(request, key):
    found = selectors.get_contest(key)
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            phone, shown = services.send_code(contest=found, phone_text=form.cleaned_data["phone"])
        except ValidationError as error:
            _errors_on(form, error)
        else:
            request.session[PENDING] = {
                "contest": found.pk,
                "phone": phone,
                "name": form.cleaned_data["display_name"],
            }
            if shown:
                # No SMS gateway is configured (a demo or a developer's machine).
                messages.info(
                    request, _("No SMS gateway is set up; your code is %(code)s.") % {"code": shown}
                )
            else:
                messages.success(
                    request, _("A code was sent to %(phone)s.") % {"phone": national(phone)}
                )
            return redirect(found)
    return _contest_page(request, key, phone_form=form, status=400)


@login_required
@require_POST
def contest_enter(request, key):
    found = selectors.get_contest(key)
    pending = request.session.get(PENDING) or {}
    form = CodeForm(request.POST)
    if pending.get("contest") != found.pk:
        messages.error(request, _("Ask for a code first."))
        return redirect(found)
    if form.is_valid():
        try:
            entry = services.enter_contest(
                contest=found,
                user=request.user,
                phone=pending["phone"],
                display_name=pending["name"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            _errors_on(form, error)
        else:
            request.session.pop(PENDING, None)
            return redirect(entry.attempt)
    return _contest_page(request, key, code_form=form, status=400)


@login_required
@require_POST
def contest_draw(request, key):
    found = selectors.get_contest(key)
    if not request.user.has_perm("training.manage"):
        raise PermissionDenied
    try:
        services.draw_prizes(actor=request.user, contest=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The prizes are drawn."))
    return redirect(found)


@login_required
@require_POST
def contest_certificates(request, key):
    found = selectors.get_contest(key)
    if not request.user.has_perm("training.manage"):
        raise PermissionDenied
    try:
        issued = services.issue_contest_certificates(actor=request.user, contest=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)s certificate issued.", "%(count)s certificates issued.", len(issued))
            % {"count": len(issued)},
        )
    return redirect(found)


def checkin(request, key):
    campaign = selectors.get_campaign(key)
    if request.method == "POST":
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        try:
            services.check_in(campaign=campaign, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Checked in for today."))
        return redirect("training:checkin", campaign.key)
    days, today_done = selectors.streak_of(request.user, campaign)
    return render(
        request,
        "training/checkin.html",
        {
            "campaign": campaign,
            "streak": days,
            "today_done": today_done,
            "figures": selectors.campaign_figures(campaign),
        },
    )

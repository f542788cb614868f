"""Public pages: calls, notices with the objection form, results, certificate verification."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.awards import selectors, services
from qualitymonth.awards.forms import ObjectionForm
from qualitymonth.awards.models import Application, ApplicationStatus, NoticeKind, RoundStatus
from qualitymonth.core import certificates_views
from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.clients import over_limit
from qualitymonth.core.forms import save_with


# Rounds and their programs (awards' tables); a round opens and closes by a write, not the clock.
@anonymous_page("awards")
def index(request):
    rounds = list(selectors.public_rounds()[:100])
    return render(
        request,
        "awards/index.html",
        {
            "open_rounds": [r for r in rounds if r.status == RoundStatus.OPEN],
            "other_rounds": [r for r in rounds if r.status != RoundStatus.OPEN],
        },
    )


def round_detail(request, pk):
    round_ = selectors.get_public_round(pk)
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": round_,
            "accepting": round_.status == RoundStatus.OPEN and timezone.now() <= round_.closes_at,
            "notices": round_.notices.order_by("published_at"),
            "criteria": round_.rubric.criteria.all() if round_.rubric else [],
            "can_manage": request.user.has_perm("awards.manage_round", round_),
        },
    )


def _objection_refused(request, form) -> bool:
    limited = over_limit(request, group="awards.objection", rate=settings.OBJECTION_RATE)
    if limited:
        form.add_error(None, _("Too many objections from your connection. Please try again later."))
    return limited


def notice_detail(request, pk):
    notice = selectors.get_notice(pk)
    round_ = notice.round
    open_for_objections = (
        notice.kind == NoticeKind.PROPOSED
        and round_.status == RoundStatus.NOTICE
        and timezone.localdate() <= notice.ends_on
    )
    form = ObjectionForm(
        request.POST or None,
        request.FILES or None,
        entries=Application.objects.filter(round=round_, status=ApplicationStatus.PROPOSED),
    )
    # Over the client's budget: 429 with the message on the form, nothing stored.
    limited = request.method == "POST" and _objection_refused(request, form)
    if request.method == "POST" and not limited:

        def file(data):
            return services.file_objection(
                notice=notice,
                application=data["application"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                organisation=data["organisation"],
                reasons=data["reasons"],
                evidence=data["evidence"],
                user=request.user,
            )

        if save_with(
            request,
            form,
            file,
            _("Your objection was received. The secretariat will look into it and contact you."),
        ):
            return redirect(notice)
    return render(
        request,
        "awards/notice_detail.html",
        {
            "notice": notice,
            "round": round_,
            "entries": selectors.notice_entries(notice),
            "form": form,
            "open_for_objections": open_for_objections,
            "can_manage": request.user.has_perm("awards.manage_round", round_),
        },
        status=429 if limited else 200,
    )


def verify(request, serial=None):
    """The platform's verification page, under the address printed on award certificates."""
    return certificates_views.verify(
        request, serial, nav_template="awards/_nav.html", action_url=reverse("awards:verify")
    )

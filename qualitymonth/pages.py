"""The site's own pages that draw on several apps: the home page and a person's profile.

They live at the project level (beside urls.py), above the apps, because core may not import
an app.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from qualitymonth.awards.selectors import open_calls, open_public_notices
from qualitymonth.campaigns.selectors import latest_campaign
from qualitymonth.core import selectors, services
from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.forms import ApiTokenForm
from qualitymonth.events.selectors import upcoming_with_seats
from qualitymonth.organizations.selectors import directory_counts, positions_of
from qualitymonth.publishing.models import PostKind
from qualitymonth.publishing.selectors import readable_posts


# Campaigns, events, award calls and notices, units; what is upcoming or open changes with the
# clock too, so a cached home page lives a minute at most.
@anonymous_page("campaigns", "events", "awards", "organizations", "publishing", lifetime=60)
def home(request):
    """The front door: this year's campaign, what is coming and open, and the citizens' ways
    in. A handful of short queries, each a few rows: nothing is computed here."""
    return render(
        request,
        "core/home.html",
        {
            "campaign": latest_campaign(request.user),
            "events": upcoming_with_seats(limit=4),
            "calls": list(open_calls(limit=5)),
            "public_notices": list(open_public_notices(limit=5)),
            "posts": list(
                readable_posts(request.user)
                .filter(kind__in=[PostKind.NOTICE, PostKind.NEWS])
                .order_by("-publish_at", "-id")[:6]
            ),
            "counts": directory_counts(),
        },
    )


@login_required
def profile(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.create_api_token(
            user=request.user, name=form.cleaned_data["name"]
        )
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
        form = ApiTokenForm()
    return render(
        request,
        "core/profile.html",
        {
            "positions": positions_of(request.user),
            "tokens": selectors.tokens_of(request.user),
            "form": form,
            "new_key": new_key,
        },
    )

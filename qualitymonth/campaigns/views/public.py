"""Public pages of a campaign: the plan with progress, the activities, the calendar, the digest."""

import datetime

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_date
from django.utils.safestring import mark_safe

from qualitymonth.campaigns import selectors
from qualitymonth.campaigns.forms import ActivityFilterForm
from qualitymonth.campaigns.models import ActionStatus
from qualitymonth.core.cache import anonymous_page, fragment

PAGE_SIZE = 30


# Published campaigns only (an anonymous reader's list); nothing on it changes with the clock.
@anonymous_page("campaigns")
def campaign_list(request):
    campaigns = selectors.campaigns_visible_to(request.user)
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


# What the plan shows: actions, their units, the campaign's events.
PLAN_DATA = ("campaigns", "events", "organizations")


def _plan_tables(campaign, *, can_manage: bool, can_open_actions: bool) -> str:
    """The plan's tables (most of the page's work), the same for everyone with the same two
    permissions: kept as one fragment."""

    def build() -> str:
        actions = sorted(
            selectors.plan_of(campaign),
            key=lambda action: (action.category.position, action.category_id, action.sort_key),
        )
        return render_to_string(
            "campaigns/_plan.html",
            {
                "campaign": campaign,
                "actions": actions,
                "can_manage": can_manage,
                "can_open_actions": can_open_actions,
            },
        )

    html = fragment("campaign-plan", PLAN_DATA, build, campaign.pk, can_manage, can_open_actions)
    return mark_safe(html)  # rendered by our own template, which escapes


@anonymous_page(*PLAN_DATA)
def campaign_detail(request, year):
    campaign = selectors.get_campaign(request.user, year)
    can_manage = request.user.has_perm("campaigns.manage_campaign")
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "plan": _plan_tables(
                campaign,
                can_manage=can_manage,
                # Asked once, not once per action in the table.
                can_open_actions=request.user.has_perm("campaigns.use_workspace"),
            ),
            "summary": selectors.plan_summary(campaign),
            "events": campaign.events.filter(is_published=True)
            .select_related("action")
            .order_by("starts_at")[:50],
            "statuses": ActionStatus,
            "can_manage": can_manage,
        },
    )


def activity_filters(request, campaign) -> tuple[ActivityFilterForm, selectors.ActivityFilters]:
    return filters_from(request.GET, campaign)


def filters_from(query, campaign) -> tuple[ActivityFilterForm, selectors.ActivityFilters]:
    form = ActivityFilterForm(query or None, campaign=campaign)
    if not form.is_bound:
        return form, selectors.ActivityFilters()
    form.is_valid()  # a bad filter is shown on the form; the good ones still apply
    data = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
    data["day"] = data.pop("day", None)
    return form, selectors.ActivityFilters(**data)


# The query string's parts the activity list shows: its filters (as typed) and the page.
FILTER_FIELDS = tuple(ActivityFilterForm.base_fields)
# Longer search words are answered, not kept (each kept page is one address's).
KEPT_QUERY_CHARS = 100


def _activities_key(request):
    """The filters and page as the list shows them (core/cache.py); made-up parameters are
    neither shown nor a part of the key. A page whose filters or page number are not in their
    one canonical form is answered but not kept (see `activity_list`)."""
    parts = tuple(request.GET.get(name, "") for name in (*FILTER_FIELDS, "page"))
    return None if any(len(part) > KEPT_QUERY_CHARS for part in parts) else parts


def _canonical(form, name: str) -> str:
    """A valid filter written the one way the form shows it, to compare with what was typed."""
    value = form.cleaned_data.get(name)
    if value in (None, ""):
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# Accepted activities, the campaign's categories and actions (campaigns) and the districts and
# reporting units (organizations); nothing on the list changes with the clock.
@anonymous_page("campaigns", "organizations", key=_activities_key)
def activity_list(request, year):
    campaign = selectors.get_campaign(request.user, year)
    # Only the filters make the page (and its links): a made-up parameter changes nothing.
    shown = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        if request.GET.get(name):  # as the key reads it: `q=` is no search
            shown[name] = request.GET[name]
    form, filters = filters_from(shown, campaign)
    activities = selectors.public_activities(campaign, filters)
    typed_page = request.GET.get("page", "")
    page = Paginator(activities, PAGE_SIZE).get_page(typed_page)
    response = render(
        request,
        "campaigns/activity_list.html",
        {
            "campaign": campaign,
            "form": form,
            "page": page,
            "totals": selectors.totals(activities.order_by()),
            "query": shown.urlencode(),
        },
    )
    typed = [shown.get(name, "") for name in FILTER_FIELDS]
    canonical = [_canonical(form, name) for name in FILTER_FIELDS] if form.is_bound else typed
    if form.errors or typed != canonical or typed_page not in ("", str(page.number)):
        # A bad filter, a page past the last, `day=2020-9-5`: answered, never kept, so that
        # made-up values make no entries (core/cache.py keeps no private response).
        patch_cache_control(response, private=True)
    return response


def activity_calendar(request, year):
    campaign = selectors.get_campaign(request.user, year)
    form, filters = activity_filters(request, campaign)
    try:
        month = parse_date(f"{request.GET.get('month', '')}-01") or campaign.starts_on
    except ValueError:  # well-formed but impossible, such as 2020-13
        month = campaign.starts_on
    if not campaign.starts_on.replace(day=1) <= month <= campaign.ends_on:
        month = campaign.starts_on
    month = month.replace(day=1)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    query = request.GET.copy()
    query.pop("month", None)
    weeks = selectors.month_weeks(campaign, month, filters)
    return render(
        request,
        "campaigns/activity_calendar.html",
        {
            "campaign": campaign,
            "form": form,
            "month": month,
            "weeks": weeks,
            "weeks_with_activities": any(week["activities"] for week in weeks),
            "previous": previous if previous >= campaign.starts_on.replace(day=1) else None,
            "following": following if following <= campaign.ends_on else None,
            "query": query.urlencode(),
        },
    )


def activity_detail(request, year, pk):
    campaign = selectors.get_campaign(request.user, year)
    activity = selectors.get_public_activity(campaign, pk)
    return render(
        request, "campaigns/activity_detail.html", {"campaign": campaign, "activity": activity}
    )


def digest(request, year):
    campaign = selectors.get_campaign(request.user, year)
    data = selectors.digest_of(campaign)
    charts = {
        "category": [
            [row["object"].display_name if row["object"] else "—", row["activities"]]
            for row in data["by"]["category"]
        ],
        "kind": [[str(row["label"]), row["activities"]] for row in data["by"]["kind"]],
        "map": data["district_map"],
    }
    return render(
        request,
        "campaigns/digest.html",
        {"campaign": campaign, "digest": data, "charts": charts},
    )


def districts_geojson(request):
    """The district boundaries for the map, from the project's own data (see PROVENANCE.md)."""
    from qualitymonth.organizations.data import DISTRICTS_GEOJSON

    response = FileResponse(
        DISTRICTS_GEOJSON.open("rb"),
        content_type="application/geo+json",
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


def file_download(request, pk):
    """A report's file; `?size=thumb` gives a photo's small copy (the photo itself when none)."""
    file = selectors.get_file_for(request.user, pk)
    stored = file.thumbnail if request.GET.get("size") == "thumb" and file.thumbnail else file.file
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # the row outlived its file (a crash right after the commit)
    response = FileResponse(
        handle,
        content_type=file.content_type,
        as_attachment=file.kind != "photo",
        filename=file.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def latest(request):
    campaign = selectors.latest_campaign(request.user)
    if campaign is None:
        return redirect("campaigns:campaign_list")
    return redirect("campaigns:campaign_detail", year=campaign.year)

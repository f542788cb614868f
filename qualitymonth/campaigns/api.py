"""Campaigns in the JSON API: read campaigns, actions and activities; units file activities."""

from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from qualitymonth.campaigns import selectors, services
from qualitymonth.campaigns.models import ActivityKind, Category, ReporterGroup
from qualitymonth.core.api_auth import ANYONE
from qualitymonth.core.api_schema import MAX_ID, Count, ErrorOut, Id
from qualitymonth.core.pagination import BoundedPages, LazyList

router = Router(tags=["campaigns"])


class CategoryOut(Schema):
    id: int
    name: str
    name_zh_hant: str
    name_en: str


class CampaignOut(Schema):
    year: int
    theme: str
    theme_zh_hant: str
    theme_en: str
    starts_on: date
    ends_on: date
    lead_body_ids: list[int]
    categories: list[CategoryOut]


class ActionOut(Schema):
    id: int
    number: str
    parent_id: int | None
    category_id: int
    title: str
    title_en: str
    lead_unit_id: int
    co_unit_ids: list[int]
    due_on: date | None
    status: str
    progress: int


class ActivityOut(Schema):
    id: int
    campaign: int
    unit_id: int
    district_id: int | None
    group: str
    title: str
    starts_on: date
    ends_on: date
    place: str
    organisers: str
    category_id: int | None
    kind: str
    action_number: str | None
    participants: int
    online_viewers: int
    teams: int
    enterprises: int
    sub_activities: int
    description: str
    state: str


class ActivityFiltersIn(Schema):
    district: int | None = Field(None, ge=1, le=MAX_ID)
    category: int | None = Field(None, ge=1, le=MAX_ID)
    kind: ActivityKind | None = None
    group: ReporterGroup | None = None  # a choice, so a stray value is a 422 naming it
    day: date | None = None


class ActivityIn(Schema):
    model_config = ConfigDict(extra="forbid")

    unit: Id | None = None
    title: str
    starts_on: date
    ends_on: date
    place: str = ""
    organisers: str = ""
    category: Id | None = None
    kind: ActivityKind
    action: str | None = None
    participants: Count = 0
    online_viewers: Count = 0
    teams: Count = 0
    enterprises: Count = 0
    sub_activities: Count = 0
    description: str = ""


def _campaign_out(campaign) -> dict:
    return {
        "year": campaign.year,
        "theme": campaign.theme,
        "theme_zh_hant": campaign.theme_zh_hant,
        "theme_en": campaign.theme_en,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "lead_body_ids": [unit.pk for unit in campaign.lead_bodies.all()],
        "categories": list(campaign.categories.all()),
    }


def _activity_out(activity) -> dict:
    data = {
        field: getattr(activity, field)
        for field in ActivityOut.model_fields
        if hasattr(activity, field)
    }
    data.update(
        id=activity.pk,
        campaign=activity.campaign.year,
        action_number=activity.action.number if activity.action else None,
    )
    return data


@router.get("", response=list[CampaignOut], auth=ANYONE, summary="Published campaigns")
def list_campaigns(request):
    campaigns = selectors.campaigns_visible_to(request.user).prefetch_related(
        "lead_bodies", "categories"
    )
    return [_campaign_out(campaign) for campaign in campaigns]


@router.get("/{int:year}", response={200: CampaignOut, 404: ErrorOut}, auth=ANYONE)
def get_campaign(request, year: int):
    return _campaign_out(selectors.get_campaign(request.user, year))


@router.get("/{int:year}/actions", response={200: list[ActionOut], 404: ErrorOut}, auth=ANYONE)
def list_actions(request, year: int):
    campaign = selectors.get_campaign(request.user, year)
    return [
        {
            **{
                field: getattr(action, field)
                for field in ActionOut.model_fields
                if hasattr(action, field)
            },
            "co_unit_ids": [unit.pk for unit in action.co_units.all()],
        }
        for action in selectors.plan_of(campaign)
    ]


@router.get("/{int:year}/activities", response=list[ActivityOut], auth=ANYONE)
@paginate(BoundedPages)
def list_activities(request, year: int, filters: Query[ActivityFiltersIn]):
    """Accepted activity reports, the ones the digest counts."""
    campaign = selectors.get_campaign(request.user, year)
    found = selectors.ActivityFilters(
        district=selectors.Unit.objects.filter(pk=filters.district).first()
        if filters.district
        else None,
        category=campaign.categories.filter(pk=filters.category).first()
        if filters.category
        else None,
        kind=filters.kind or "",
        group=filters.group or "",
        day=filters.day,
    )
    if (filters.district and found.district is None) or (
        filters.category and found.category is None
    ):
        return []
    return LazyList(selectors.public_activities(campaign, found), _activity_out)


@router.post(
    "/{int:year}/activities",
    response={201: ActivityOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="File an activity report for one of your units",
)
def file_activity(request, year: int, payload: ActivityIn):
    if not request.user.has_perm("campaigns.file_activity"):
        return Status(403, {"detail": _("Only a unit's reporters may file activity reports.")})
    campaign = selectors.get_campaign(request.user, year)
    units = list(selectors.reporting_units(request.user))
    data = payload.model_dump()
    unit_id = data.pop("unit")
    if unit_id is None and len(units) == 1:
        unit = units[0]
    else:
        unit = next((unit for unit in units if unit.pk == unit_id), None)
    if unit is None:
        if unit_id is None:
            return Status(
                422,
                {
                    "detail": _("The request is not valid."),
                    "errors": [{"field": "unit", "message": _("Say which of your units reports.")}],
                },
            )
        raise Http404
    category_id, number = data.pop("category"), data.pop("action")
    data["category"] = None
    if category_id is not None:
        data["category"] = Category.objects.filter(pk=category_id, campaign=campaign).first()
        if data["category"] is None:
            return _invalid("category", _("This campaign has no such category."))
    data["action"] = None
    if number:
        data["action"] = campaign.actions.filter(number=number).first()
        if data["action"] is None:
            return _invalid("action", _("The plan has no action %(value)s.") % {"value": number})
    activity = services.file_activity(actor=request.user, campaign=campaign, unit=unit, **data)
    return Status(201, _activity_out(activity))


def _invalid(field: str, message: str):
    return Status(
        422,
        {
            "detail": _("The request is not valid."),
            "errors": [{"field": field, "message": message}],
        },
    )

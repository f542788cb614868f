"""Handlers for the campaign sections of the demo fixtures: plans, reports, activities."""

import datetime
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import (
    Action,
    ActivityReport,
    Campaign,
    Category,
    ProgressReport,
    ReportState,
)
from qualitymonth.campaigns.services.plan import number_sort_key
from qualitymonth.core.chinese import to_traditional
from qualitymonth.demo.loader import FIXTURES, FixtureError, save_if_changed, section
from qualitymonth.demo.sections import unit_by_key
from qualitymonth.organizations.models import User

ACTION_TEXT = ["title", "title_en", "description", "expected_outputs"]
ACTIVITY_TEXT = ["title", "place", "organisers", "kind", "description"]
FIGURES = ["participants", "online_viewers", "teams", "enterprises", "sub_activities"]


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def campaign_by_year(year) -> Campaign:
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        raise FixtureError(f"unknown campaign {year!r}")
    return campaign


def _category(campaign: Campaign, name: str | None) -> Category | None:
    if not name:
        return None
    category = campaign.categories.filter(name=name).first()
    if category is None:
        raise FixtureError(f"campaign {campaign.year} has no category {name!r}")
    return category


@section("campaigns")
def load_campaigns(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        campaign = save_if_changed(
            Campaign,
            {"year": row["year"]},
            {
                "theme": row["theme"],
                "theme_zh_hant": row.get("theme_zh_hant") or to_traditional(row["theme"]),
                "theme_en": row.get("theme_en", ""),
                "starts_on": row["starts_on"],
                "ends_on": row["ends_on"],
                "description": row.get("description", ""),
                "is_published": row.get("is_published", True),
            },
            counts,
        )
        campaign.lead_bodies.set([unit_by_key(key) for key in row.get("lead_bodies", [])])
        for position, category in enumerate(row.get("categories", [])):
            save_if_changed(
                Category,
                {"campaign": campaign, "name": category["name"]},
                {
                    "position": position,
                    "name_zh_hant": to_traditional(category["name"]),
                    "name_en": category.get("name_en", ""),
                },
                Counter(),
            )
        for action in row.get("actions", []):
            _load_action(campaign, action, None, counts)
        for action in campaign.actions.filter(children__isnull=False).distinct():
            services.recompute_rollup(action)
    return counts


def _load_action(campaign: Campaign, row: dict, parent: Action | None, counts: Counter) -> None:
    values = {field: row.get(field, "") for field in ACTION_TEXT}
    values.update(
        title_zh_hant=to_traditional(row["title"]),
        sort_key=number_sort_key(str(row["number"])),
        parent=parent,
        category=_category(campaign, row["category"]),
        lead_unit=unit_by_key(row["lead_unit"]),
        due_on=row.get("due_on"),
        status=row.get("status", "not_started"),
        progress=row.get("progress", 0),
        rollup=row.get("rollup", "average"),
        weight=row.get("weight", 1),
    )
    action = save_if_changed(
        Action, {"campaign": campaign, "number": str(row["number"])}, values, Counter()
    )
    action.co_units.set([unit_by_key(key) for key in row.get("co_units", [])])
    for report in row.get("reports", []):
        _load_report(action, report, Counter())
    for child in row.get("children", []):
        _load_action(campaign, child, action, counts)


def _load_report(action: Action, row: dict, counts: Counter) -> None:
    author = User.objects.filter(username=row["author"]).first() if row.get("author") else None
    report = save_if_changed(
        ProgressReport,
        {"action": action, "unit": unit_by_key(row["unit"]), "text": row["text"]},
        {
            "author": author,
            "status": row["status"],
            "progress": row["progress"],
            "figures": row.get("figures", []),
            "state": row.get("state", ReportState.SUBMITTED),
            "review_comment": row.get("review_comment", ""),
        },
        counts,
    )
    filed = _noon(row["filed_on"])
    ProgressReport.objects.filter(pk=report.pk).update(
        created_at=filed, reviewed_at=filed if report.state != ReportState.SUBMITTED else None
    )
    latest = max(filed, action.last_report_at or filed)
    Action.objects.filter(pk=action.pk).update(last_report_at=latest)
    action.last_report_at = latest


@section("activities")
def load_activities(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        campaign = campaign_by_year(row["campaign"])
        unit = unit_by_key(row["unit"])
        values = {field: row.get(field, "") for field in ACTIVITY_TEXT}
        values.update({field: row.get(field, 0) for field in FIGURES})
        number = row.get("action")
        values.update(
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            category=_category(campaign, row.get("category")),
            action=campaign.actions.filter(number=str(number)).first() if number else None,
            district=unit_by_key(row.get("district")) or services.district_of(unit),
            group=services.group_of(unit),
            state=row.get("state", ReportState.ACCEPTED),
        )
        problems = services.activity_errors(campaign, values)
        if problems:
            raise FixtureError(f"activity {row['title']!r}: {problems}")
        del values["title"]
        save_if_changed(
            ActivityReport,
            {"campaign": campaign, "unit": unit, "title": row["title"]},
            values,
            counts,
        )
    return counts


@section("activity_imports")
def load_activity_imports(rows: list[dict]) -> Counter:
    """Spreadsheets go through the same importer as a unit's upload."""
    counts = Counter()
    for row in rows:
        campaign = campaign_by_year(row["campaign"])
        unit = unit_by_key(row["unit"])
        if ActivityReport.objects.filter(campaign=campaign, unit=unit).exists():
            counts["unchanged"] += 1
            continue
        path = FIXTURES / row["file"]
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        result = services.import_activities(
            actor=None, campaign=campaign, unit=unit, upload=upload, accept=True
        )
        if not result.ok:
            problems = [*result.file_errors, *map(str, result.errors)]
            raise FixtureError(f"{row['file']}: {problems[:5]}")
        counts["created"] += len(result.created)
    return counts

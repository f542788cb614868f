"""Writes to the plan: campaigns, their categories and numbered actions, and copying a year."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qualitymonth.campaigns.models import Action, ActionStatus, Campaign, Category, Rollup
from qualitymonth.core.chinese import to_traditional
from qualitymonth.core.services import diff_fields, log_action
from qualitymonth.core.versions import check_instance_version

# The four kinds of work every Quality Month plan has had since the 1980s.
STANDARD_CATEGORIES = [
    ("质量提升", "Quality improvement"),
    ("质量宣传", "Quality promotion"),
    ("质量整治", "Quality enforcement"),
    ("群众性质量活动", "Mass quality activities"),
]
CAMPAIGN_FIELDS = ["year", "theme", "theme_zh_hant", "theme_en", "starts_on", "ends_on"]
CAMPAIGN_FIELDS += ["description", "is_published"]
ACTION_FIELDS = ["number", "title", "title_zh_hant", "title_en", "description"]
ACTION_FIELDS += ["expected_outputs", "category", "lead_unit", "due_on", "status", "progress"]
ACTION_FIELDS += ["rollup", "weight", "parent"]
NUMBER = re.compile(r"^\d{1,4}(\.\d{1,4}){0,3}$")


def number_sort_key(number: str) -> str:
    """'3.10' sorts after '3.9': each part zero-padded."""
    return ".".join(part.zfill(4) for part in number.split("."))


def _fill_traditional(values: dict, field: str) -> None:
    if field in values and not values.get(f"{field}_zh_hant"):
        values[f"{field}_zh_hant"] = to_traditional(values[field])


def _check_period(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})


@transaction.atomic
def create_campaign(
    *, actor, year: int, theme: str, lead_bodies=(), categories=None, **fields
) -> Campaign:
    default_start, default_end = Campaign.default_period(year)
    fields.setdefault("starts_on", None)
    fields.setdefault("ends_on", None)
    fields["starts_on"] = fields["starts_on"] or default_start
    fields["ends_on"] = fields["ends_on"] or default_end
    values = {"year": year, "theme": theme, **fields}
    _fill_traditional(values, "theme")
    _check_period(values["starts_on"], values["ends_on"])
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already a campaign for %(year)s.") % values})
    campaign = Campaign.objects.create(**values)
    campaign.lead_bodies.set(lead_bodies)
    if categories is None:
        categories = STANDARD_CATEGORIES
    for position, (name, name_en) in enumerate(categories):
        Category.objects.create(
            campaign=campaign,
            position=position,
            name=name,
            name_zh_hant=to_traditional(name),
            name_en=name_en,
        )
    log_action(actor=actor, action="campaign.create", obj=campaign)
    return campaign


@transaction.atomic
def update_campaign(
    *, actor, campaign: Campaign, lead_bodies=None, version: str | None = None, **fields
) -> Campaign:
    """`version`: the one the edit form was opened with; a stale one is refused."""
    check_instance_version(
        campaign, version, [*fields, *(["lead_bodies"] if lead_bodies is not None else [])]
    )
    _fill_traditional(fields, "theme")
    default_start, default_end = Campaign.default_period(fields.get("year", campaign.year))
    if "starts_on" in fields and fields["starts_on"] is None:
        fields["starts_on"] = default_start
    if "ends_on" in fields and fields["ends_on"] is None:
        fields["ends_on"] = default_end
    _check_period(
        fields.get("starts_on", campaign.starts_on), fields.get("ends_on", campaign.ends_on)
    )
    if (
        fields.get("year", campaign.year) != campaign.year
        and Campaign.objects.filter(year=fields["year"]).exists()
    ):
        raise ValidationError({"year": _("There is already a campaign for %(year)s.") % fields})
    before = {field: getattr(campaign, field) for field in fields}
    for field, value in fields.items():
        setattr(campaign, field, value)
    campaign.save()
    changes = diff_fields(before, fields)
    if lead_bodies is not None:
        old = sorted(campaign.lead_bodies.values_list("pk", flat=True))
        campaign.lead_bodies.set(lead_bodies)
        new = sorted(unit.pk for unit in lead_bodies)
        if old != new:
            changes["lead_bodies"] = [old, new]
    if changes:
        log_action(actor=actor, action="campaign.update", obj=campaign, changes=changes)
    return campaign


@transaction.atomic
def save_category(
    *,
    actor,
    campaign: Campaign,
    category: Category | None = None,
    version: str | None = None,
    **fields,
) -> Category:
    if category is not None:
        check_instance_version(category, version, fields)
    _fill_traditional(fields, "name")
    clash = Category.objects.filter(campaign=campaign, name=fields.get("name"))
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"name": _("This campaign already has a category of this name.")})
    if category is None:
        category = Category.objects.create(campaign=campaign, **fields)
        log_action(actor=actor, action="category.create", obj=category)
        return category
    before = {field: getattr(category, field) for field in fields}
    for field, value in fields.items():
        setattr(category, field, value)
    category.save()
    log_action(
        actor=actor, action="category.update", obj=category, changes=diff_fields(before, fields)
    )
    return category


def _check_action(campaign: Campaign, action: Action | None, values: dict) -> None:
    errors = {}
    number = values.get("number", action.number if action else "")
    if not NUMBER.match(number or ""):
        errors["number"] = _("Use a number such as 3 or 3.2.")
    else:
        clash = Action.objects.filter(campaign=campaign, number=number)
        if action is not None:
            clash = clash.exclude(pk=action.pk)
        if clash.exists():
            errors["number"] = _("This campaign already has an action with this number.")
    category = values.get("category")
    if category is not None and category.campaign_id != campaign.pk:
        errors["category"] = _("The category belongs to another campaign.")
    parent = values.get("parent")
    if parent is not None:
        if parent.campaign_id != campaign.pk:
            errors["parent"] = _("The parent action belongs to another campaign.")
        elif action is not None and _is_self_or_below(action, parent):
            errors["parent"] = _("An action cannot sit below itself or its own sub-actions.")
    progress = values.get("progress")
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    due_on = values.get("due_on")
    if due_on and due_on.year != campaign.year:
        errors["due_on"] = _("The due date must fall in %(year)s, the campaign's year.") % {
            "year": campaign.year
        }
    if errors:
        raise ValidationError(errors)


def _is_self_or_below(action: Action, candidate: Action) -> bool:
    node, seen = candidate, set()
    while node is not None and node.pk not in seen:
        if node.pk == action.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


@transaction.atomic
def create_action(*, actor, campaign: Campaign, co_units=(), **fields) -> Action:
    _fill_traditional(fields, "title")
    _check_action(campaign, None, fields)
    action = Action(campaign=campaign, **fields)
    action.sort_key = number_sort_key(action.number)
    try:
        with transaction.atomic():
            action.save()
    except IntegrityError:
        # Two people numbered an action at once: the constraint caught the second.
        raise ValidationError(
            {"number": _("This campaign already has an action with this number.")}
        ) from None
    action.co_units.set(co_units)
    log_action(actor=actor, action="action.create", obj=action)
    recompute_rollup(action.parent)
    return action


@transaction.atomic
def update_action(
    *, actor, action: Action, co_units=None, version: str | None = None, **fields
) -> Action:
    """`version`: the one the edit form was opened with; a stale one is refused."""
    check_instance_version(
        action, version, [*fields, *(["co_units"] if co_units is not None else [])]
    )
    _fill_traditional(fields, "title")
    _check_action(action.campaign, action, fields)
    old_parent = action.parent
    before = {field: getattr(action, field) for field in fields}
    for field, value in fields.items():
        setattr(action, field, value)
    action.sort_key = number_sort_key(action.number)
    action.save()
    changes = diff_fields(before, fields)
    if co_units is not None:
        old = sorted(action.co_units.values_list("pk", flat=True))
        action.co_units.set(co_units)
        new = sorted(unit.pk for unit in co_units)
        if old != new:
            changes["co_units"] = [old, new]
    if changes:
        log_action(actor=actor, action="action.update", obj=action, changes=changes)
    recompute_rollup(action)
    if old_parent is not None and old_parent.pk != action.parent_id:
        recompute_rollup(old_parent)
    return action


def rolled_up_progress(rollup: str, children: list[tuple[int, int]]) -> int:
    """Progress of a parent from its children's (progress, weight), rounded half up."""
    if not children:
        return 0
    if rollup == Rollup.WEIGHTED:
        total_weight = sum(weight for _, weight in children)
        if total_weight == 0:
            return 0
        value = sum(progress * weight for progress, weight in children) / total_weight
    else:
        value = sum(progress for progress, _ in children) / len(children)
    return int(value + 0.5)


def rolled_up_status(statuses: list[str]) -> str:
    live = [status for status in statuses if status != ActionStatus.CANCELLED]
    if not live:
        return ActionStatus.CANCELLED
    if all(status == ActionStatus.DONE for status in live):
        return ActionStatus.DONE
    if any(status == ActionStatus.DELAYED for status in live):
        return ActionStatus.DELAYED
    if all(status == ActionStatus.NOT_STARTED for status in live):
        return ActionStatus.NOT_STARTED
    return ActionStatus.IN_PROGRESS


def recompute_rollup(action: Action | None) -> None:
    """Recompute an action with sub-actions from them, then its parent, up to the top."""
    seen = set()
    while action is not None and action.pk not in seen:
        seen.add(action.pk)
        children = list(action.children.values_list("progress", "weight", "status"))
        if children:
            # A cancelled sub-action no longer counts towards its parent's progress.
            live = [(p, w) for p, w, s in children if s != ActionStatus.CANCELLED]
            progress = rolled_up_progress(action.rollup, live) if live else action.progress
            status = rolled_up_status([status for _, _, status in children])
            if (progress, status) != (action.progress, action.status):
                action.progress, action.status = progress, status
                action.save(update_fields=["progress", "status", "updated_at"])
        action = action.parent


def parents_first(actions) -> list[Action]:
    """Actions in number order, each after its parent (a child may be numbered before it)."""
    actions = list(actions.order_by("sort_key"))
    by_pk = {action.pk: action for action in actions}

    def depth(action) -> int:
        level, seen = 0, set()
        while action.parent_id in by_pk and action.pk not in seen:
            seen.add(action.pk)
            action = by_pk[action.parent_id]
            level += 1
        return level

    for action in actions:
        action.depth = depth(action)
    return sorted(actions, key=lambda action: action.depth)


def _move_date(value: datetime.date | None, years: int) -> datetime.date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year without one
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def copy_campaign(*, actor, campaign: Campaign, year: int) -> Campaign:
    """Start another year's campaign from this one: same plan, dates moved, progress reset."""
    years = year - campaign.year
    copy = create_campaign(
        actor=actor,
        year=year,
        theme=campaign.theme,
        theme_zh_hant=campaign.theme_zh_hant,
        theme_en=campaign.theme_en,
        starts_on=_move_date(campaign.starts_on, years),
        ends_on=_move_date(campaign.ends_on, years),
        description=campaign.description,
        is_published=False,
        lead_bodies=list(campaign.lead_bodies.all()),
        categories=[],
    )
    copy.copied_from = campaign
    copy.save(update_fields=["copied_from"])
    categories = {}
    for category in campaign.categories.all():
        categories[category.pk] = Category.objects.create(
            campaign=copy,
            position=category.position,
            name=category.name,
            name_zh_hant=category.name_zh_hant,
            name_en=category.name_en,
        )
    actions = {}
    for action in parents_first(campaign.actions.prefetch_related("co_units")):
        new = Action.objects.create(
            campaign=copy,
            parent=actions.get(action.parent_id),
            category=categories[action.category_id],
            number=action.number,
            sort_key=action.sort_key,
            title=action.title,
            title_zh_hant=action.title_zh_hant,
            title_en=action.title_en,
            description=action.description,
            expected_outputs=action.expected_outputs,
            lead_unit_id=action.lead_unit_id,
            due_on=_move_date(action.due_on, years),
            rollup=action.rollup,
            weight=action.weight,
        )
        new.co_units.set(action.co_units.all())
        actions[action.pk] = new
    log_action(
        actor=actor, action="campaign.copy", obj=copy, changes={"copied_from": campaign.year}
    )
    return copy

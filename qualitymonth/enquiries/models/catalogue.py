"""What the secretariat configures: categories, the routing table, time limits, reply templates."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitymonth.core.localized import localized
from qualitymonth.enquiries.statuses import Kind, Status, Step


class Sector(models.TextChoices):
    """The business sector a complaint or report concerns, for the figures."""

    MANUFACTURING = "manufacturing", _("manufacturing")
    RETAIL = "retail", _("retail and supermarkets")
    ONLINE = "online", _("online shopping and platforms")
    CATERING = "catering", _("catering")
    SERVICES = "services", _("household and personal services")
    VEHICLES = "vehicles", _("vehicles and repair")
    BUILDING = "building", _("building and decoration")
    HEALTH = "health", _("optical and medical goods")
    OTHER = "other", _("other")


class Category(models.Model):
    """A service the public can ask for (an Open311 service): what the case is about."""

    code = models.SlugField(_("service code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kinds = models.JSONField(
        _("tracks"),
        default=list,
        help_text=_("Which of consultation, complaint and report this category takes."),
    )
    group = models.CharField(_("service group"), max_length=60, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    # Open311 attributes: [{"code", "datatype", "required", "description", "values": [{key, name}]}]
    attributes = models.JSONField(_("extra questions"), default=list, blank=True)
    position = models.PositiveIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_description(self) -> str:
        return localized(self, "description")


class RoutingRule(models.Model):
    """Which unit handles a category's cases in a district; blank means "any"."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routes",
    )
    district = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": "district"},
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="enquiry_routes",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing table")
        ordering = ["category__position", "district__division_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "district"],
                name="one_route_per_category_district",
                nulls_distinct=False,
                violation_error_message=_("This category and district already have a route."),
            )
        ]

    def __str__(self):
        return f"{self.category or '*'} × {self.district or '*'} → {self.unit}"


class DayType(models.TextChoices):
    WORKING = "working", pgettext_lazy("time limit", "working days")
    CALENDAR = "calendar", pgettext_lazy("time limit", "calendar days")


class TimeLimit(models.Model):
    """A time limit as the rules set it: data, so a new rule is an edit here, not a release."""

    step = models.CharField(_("step"), max_length=20, choices=Step.choices, unique=True)
    days = models.PositiveIntegerField(_("days"))
    day_type = models.CharField(_("counted in"), max_length=10, choices=DayType.choices)
    source = models.CharField(
        _("source"), max_length=300, help_text=_("The rule and article that set this limit.")
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["step"]

    def __str__(self):
        return f"{self.get_step_display()}: {self.days} {self.get_day_type_display()}"


class ReplyTemplate(models.Model):
    """Standard wording for answers and notices; {number} and {name} are filled in."""

    kind = models.CharField(_("track"), max_length=15, choices=Kind.choices)
    status = models.CharField(_("for the status"), max_length=20, choices=Status.choices)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["kind", "status", "title"]

    def __str__(self):
        return self.title

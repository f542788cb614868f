from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations import credit_code
from qualitymonth.organizations.search import search_text, sort_key


class User(AbstractUser):
    """A person; citizens are people without any role in a unit."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username


class UnitKind(models.TextChoices):
    ASSOCIATION = "association", _("quality association")
    GOVERNMENT = "government", _("government body")
    DISTRICT = "district", _("district")
    STREET = "street", _("street or town")
    ENTERPRISE = "enterprise", _("enterprise")
    INDUSTRY_GROUP = "industry_group", _("industry group")
    SCHOOL = "school", _("school")
    OTHER = "other", _("other")


def validate_credit_code(value: str) -> None:
    messages = {
        "length": _("A unified social credit code has 18 characters."),
        "characters": _(
            "A unified social credit code uses only digits and the capital letters "
            "A–Y without I, O, S, V and Z."
        ),
        "check": _("The check character (the 18th) does not match; please check the code."),
    }
    problem = credit_code.problem(credit_code.normalize(value))
    if problem:
        raise ValidationError(messages[problem], code=f"credit_code_{problem}")


class Unit(models.Model):
    """An organisation that takes part: the association, a body, a district, an enterprise…"""

    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    district = models.ForeignKey(
        "self",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="located_units",
        limit_choices_to={"kind": UnitKind.DISTRICT},
        help_text=_("Where the unit is located, for figures by district."),
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("A short stable identifier used in imports and fixtures."),
    )
    name = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    division_code = models.CharField(_("administrative division code"), max_length=12, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Derived: every name, its pinyin and initials, lower-cased, for one-field search.
    search_text = models.TextField(editable=False, blank=True)
    # Derived: the pinyin of the name, so that lists sort as Chinese readers expect.
    sort_key = models.CharField(max_length=400, editable=False, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_key", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="unit_name_unique_ci",
                violation_error_message=_("A unit with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="unit_credit_code_unique",
                violation_error_message=_(
                    "Another unit already has this unified social credit code."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # Kept in step on every save (admin, fixtures, services) because it is derived data.
        self.search_text = search_text(self.name, self.name_zh_hant, self.name_en, self.short_name)
        self.sort_key = sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "sort_key"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The name in the reader's language, falling back to Simplified Chinese."""
        language = get_language() or "zh-hans"
        if language.startswith("en") and self.name_en:
            return self.name_en
        if language == "zh-hant" and self.name_zh_hant:
            return self.name_zh_hant
        return self.name

    def ancestors(self) -> list["Unit"]:
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class MembershipLevel(models.TextChoices):
    MEMBER = "member", _("member unit")
    COUNCIL = "council", _("council unit")


class Membership(models.Model):
    """A unit's membership in a quality association."""

    association = models.ForeignKey(
        Unit,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="member_records",
        limit_choices_to={"kind": UnitKind.ASSOCIATION},
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    level = models.CharField(
        _("level"), max_length=20, choices=MembershipLevel.choices, default=MembershipLevel.MEMBER
    )
    joined_on = models.DateField(_("date joined"), null=True, blank=True)
    industry_group = models.ForeignKey(
        Unit,
        verbose_name=_("industry group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_members",
        limit_choices_to={"kind": UnitKind.INDUSTRY_GROUP},
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "unit"],
                name="membership_once_per_association",
                violation_error_message=_("This unit is already a member of this association."),
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_level_display()}"


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("secretariat staff")
    UNIT_ADMIN = "unit_admin", _("unit administrator")
    REPORTER = "reporter", _("unit reporter")
    REVIEWER = "reviewer", _("reviewer")
    INSPECTOR = "inspector", _("inspector")
    # Sees citizens' complaints and their personal data: its own role, never implied by
    # campaign reporting or unit administration.
    CASE_HANDLER = "case_handler", _("case handler")


# A unit's staff: who act for their unit (and the units below it) in campaign reports, event
# running and group registration, and award applications. Case handling is not among them.
STAFF_ROLES = (Role.UNIT_ADMIN, Role.REPORTER)


class Position(models.Model):
    """A person's role in a unit; a person may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="positions"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="position_once",
                violation_error_message=_("This person already has this role in this unit."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

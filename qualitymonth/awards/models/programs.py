"""Programs (QC group results, quality craftsman…), their yearly rounds and scoring rubrics."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized
from qualitymonth.core.questions.models import CustomQuestion, QuestionKind


class ApplicantKind(models.TextChoices):
    UNIT = "unit", _("units apply")
    PERSON = "person", _("persons apply")


class ListOrder(models.TextChoices):
    PINYIN = "pinyin", _("by grade, then name in pinyin order")
    STROKES = "strokes", _("by grade, then name in stroke order")


class Program(models.Model):
    """A recognition program that opens a round every year or so."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    code = models.CharField(
        _("serial prefix"),
        max_length=8,
        unique=True,
        help_text=_("Letters that start certificate numbers, e.g. QC or QTA."),
    )
    name = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("description (Simplified Chinese)"), blank=True)
    description_zh_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    applicant_kind = models.CharField(
        _("who applies"), max_length=10, choices=ApplicantKind.choices, default=ApplicantKind.UNIT
    )
    list_order = models.CharField(
        _("order of public lists"),
        max_length=10,
        choices=ListOrder.choices,
        default=ListOrder.PINYIN,
    )

    class Meta:
        verbose_name = _("recognition program")
        verbose_name_plural = _("recognition programs")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_description(self) -> str:
        return localized(self, "description")


class Rubric(models.Model):
    """Weighted criteria with maximum points; templates are copied into each round."""

    name = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    is_template = models.BooleanField(_("template"), default=False)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("The standard the criteria follow.")
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-is_template", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    def max_total(self) -> Decimal:
        return sum((c.max_points * c.weight for c in self.criteria.all()), Decimal(0))


class Criterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    guidance = models.TextField(_("guidance (Simplified Chinese)"), blank=True)
    guidance_zh_hant = models.TextField(_("guidance (Traditional Chinese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("The criterion's points count this many times in the total."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.name} ({self.max_points})"

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_guidance(self) -> str:
        return localized(self, "guidance")

    @property
    def max_points_text(self) -> str:
        from qualitymonth.awards.scoring import points_text

        return points_text(self.max_points)

    @property
    def points_step(self) -> str:
        """The finest step a score may take: scores keep two decimals (Score.points)."""
        return "0.01"

    @property
    def weight_text(self) -> str:
        from qualitymonth.awards.scoring import points_text

        return points_text(self.weight)


class Aggregation(models.TextChoices):
    MEAN = "mean", _("mean of the reviewers' totals")
    TRIMMED = "trimmed", _("trimmed mean: the highest and the lowest total dropped")
    ZSCORE = "zscore", _("per-reviewer z-scores, mapped back to the points scale")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("in preparation")
    OPEN = "open", _("call published")
    REVIEW = "review", _("under review")
    NOTICE = "notice", _("proposed list on public notice")
    FINAL = "final", _("results published")


class Round(models.Model):
    """One year's call of a program, from the call to the final list."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title (Simplified Chinese)"), max_length=300)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    call = models.TextField(_("call (Simplified Chinese)"), blank=True)
    call_zh_hant = models.TextField(_("call (Traditional Chinese)"), blank=True)
    call_en = models.TextField(_("call (English)"), blank=True)
    eligibility = models.TextField(_("eligibility (Simplified Chinese)"), blank=True)
    eligibility_zh_hant = models.TextField(_("eligibility (Traditional Chinese)"), blank=True)
    eligibility_en = models.TextField(_("eligibility (English)"), blank=True)
    closes_at = models.DateTimeField(_("deadline for applications"))
    needs_recommendation = models.BooleanField(
        _("a recommending unit must endorse applications"), default=False
    )
    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubric"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    aggregation = models.CharField(
        _("how totals are combined"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    trim_from = models.PositiveSmallIntegerField(
        _("trim from this many reviews"),
        default=5,
        validators=[MinValueValidator(3)],
        help_text=_("The trimmed mean drops one highest and one lowest total from this many."),
    )
    min_reviews = models.PositiveSmallIntegerField(
        _("reviews per application"), default=3, validators=[MinValueValidator(1)]
    )
    reviewer_cap = models.PositiveSmallIntegerField(
        _("most applications per reviewer"), default=15, validators=[MinValueValidator(1)]
    )
    blind = models.BooleanField(
        _("blind review (reviewers do not see the applicant)"), default=False
    )
    notice_working_days = models.PositiveSmallIntegerField(
        _("public notice period in working days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    published_at = models.DateTimeField(_("call published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year", "program__name"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:round", args=[self.pk])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_call(self) -> str:
        return localized(self, "call")

    @property
    def display_eligibility(self) -> str:
        return localized(self, "eligibility")


class Grade(models.Model):
    """A level of recognition in a round: 一等奖, 优秀, 命名…; the first position ranks highest."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="grades"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=100)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


# The kinds of every custom question (core's); the name is kept for this app's callers.
FieldKind = QuestionKind


class FormField(CustomQuestion):
    """A question of the round's application form beyond the title and the applicant.

    Its fields, kinds, form field and answer checks are core's custom questions; answers are
    stored on the application by field id."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="fields"
    )

    class Meta(CustomQuestion.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["position", "id"]


class AttachmentKind(models.Model):
    """A file the application form asks for (the result report, photos of the site…)."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="attachment_kinds"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label (Simplified Chinese)"), max_length=200)
    label_zh_hant = models.CharField(_("label (Traditional Chinese)"), max_length=200, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("required attachment")
        verbose_name_plural = _("required attachments")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label

    @property
    def display_label(self) -> str:
        return localized(self, "label")

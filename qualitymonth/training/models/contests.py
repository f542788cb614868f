"""Knowledge contests from the question banks, and daily check-in campaigns."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized
from qualitymonth.core.models import Certificate


class Contest(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title (Simplified Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    exam = models.ForeignKey(
        "training.Exam", verbose_name=_("exam"), on_delete=models.PROTECT, related_name="contests"
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    prizes = models.PositiveSmallIntegerField(_("prizes to draw"), default=0)
    min_prize_score = models.PositiveSmallIntegerField(
        _("score needed for the draw (%)"), default=60
    )
    # The draw: its seed is published with the winners, so anyone can repeat it.
    draw_seed = models.CharField(max_length=64, blank=True, editable=False)
    # Certificates once the contest closes: for the first places of the leaderboard, and for
    # anyone reaching a score (either, both or neither).
    certificate_top = models.PositiveSmallIntegerField(
        _("certificates for the first places"), default=0, help_text=_("0: none")
    )
    certificate_score = models.PositiveSmallIntegerField(
        _("certificate for a score of at least (%)"),
        null=True,
        blank=True,
        help_text=_("Empty: none"),
    )
    drawn_at = models.DateTimeField(_("prizes drawn"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("knowledge contest")
        verbose_name_plural = _("knowledge contests")
        ordering = ["-opens_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:contest", args=[self.key])

    @property
    def display_title(self) -> str:
        return localized(self, "title")


class ContestEntry(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.PROTECT, related_name="entries"
    )
    phone = models.CharField(_("phone"), max_length=20)
    phone_verified_at = models.DateTimeField(_("phone verified"))
    display_name = models.CharField(_("name shown on the leaderboard"), max_length=40)
    attempt = models.OneToOneField(
        "training.Attempt",
        verbose_name=_("attempt"),
        on_delete=models.PROTECT,
        related_name="contest_entry",
    )
    prize_rank = models.PositiveSmallIntegerField(_("prize drawn"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "phone"], name="training_one_entry_per_phone"
            )
        ]

    def __str__(self):
        return f"{self.contest} · {self.display_name}"


class CheckInCampaign(models.Model):
    """连续打卡14天: a daily check-in with a streak to reach."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    streak_goal = models.PositiveSmallIntegerField(_("days in a row to reach"), default=14)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("check-in campaign")
        verbose_name_plural = _("check-in campaigns")
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return self.title


class CheckIn(models.Model):
    campaign = models.ForeignKey(
        CheckInCampaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_checkins"
    )
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user", "day"], name="training_one_checkin_a_day"
            )
        ]

    def __str__(self):
        return f"{self.campaign} · {self.day}"


class ContestCertificate(Certificate):
    """For a place among the first of the leaderboard, or for reaching the contest's score."""

    entry = models.OneToOneField(
        ContestEntry,
        verbose_name=_("contest entry"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    contest_title = models.CharField(_("contest"), max_length=300)
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1)
    rank = models.PositiveIntegerField(_("place on the leaderboard"), null=True, blank=True)

    class Meta(Certificate.Meta):
        verbose_name = _("contest certificate")
        verbose_name_plural = _("contest certificates")

    @property
    def is_demo(self) -> bool:
        return self.entry.is_demo

    def facts(self):
        facts = [
            (_("Certifies"), _("Took part in the knowledge contest")),
            (_("Contest"), self.contest_title),
            (_("Score"), f"{self.percent} %"),
        ]
        if self.rank:
            facts.append((_("Place"), str(self.rank)))
        return facts

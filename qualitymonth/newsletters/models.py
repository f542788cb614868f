"""Newsletters: opt-in subscriptions by category, issues composed from posts, deliveries.

Nobody gets a newsletter without a subscription to its category that they made themselves
and have not ended; staff reminders are not newsletters and do not go through here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized


class Category(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name (Simplified Chinese)"), max_length=100)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("newsletter category")
        verbose_name_plural = _("newsletter categories")
        ordering = ["key"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class Subscription(models.Model):
    """A person's opt-in to one category; ended (not deleted) when they unsubscribe."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_subscriptions"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="subscriptions")
    subscribed_at = models.DateTimeField(_("subscribed"), auto_now_add=True)
    ended_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="subscription_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.category}"


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    QUEUED = "queued", _("queued for sending")
    SENT = "sent", _("sent")


class Newsletter(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="newsletters"
    )
    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    posts = models.ManyToManyField(
        "publishing.Post", verbose_name=_("posts"), blank=True, related_name="newsletters"
    )
    # The segment: {"filter name": [values]}; see segments.py for the filters.
    segment = models.JSONField(_("recipients"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One newsletter to one person: written when the mail went out (sending resumes after
    the last one if the worker stopped)."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    # What the mail server and mail programs report back: the first open (the picture in the
    # mail was loaded) and a bounce (entered or imported from the server's bounce list).
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["newsletter", "user"], name="delivery_once")]

    def __str__(self):
        return f"{self.newsletter_id} → {self.email}"

"""Posts of the association's notice board (notices, news, calls, decisions…) and its pages.

A post keeps its title and body in three languages. The body is written in Markdown or HTML
and stored twice: as written (to edit again) and as sanitised HTML (what readers get); the
sanitised text is made by publishing.bodies when the post is saved through the services.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.localized import localized


class PostKind(models.TextChoices):
    NOTICE = "notice", _("notice")
    NEWS = "news", _("news")
    MEMBER_ACTIVITY = "member", _("member activity")
    POLICY = "policy", _("policy document")
    CALL = "call", _("call for applications")
    DECISION = "decision", _("decision or list")
    WRITE_UP = "writeup", _("event write-up")


# Kinds that are issued as documents and may carry a number such as 沪质协〔2026〕12号.
NUMBERED_KINDS = (PostKind.NOTICE, PostKind.POLICY, PostKind.CALL, PostKind.DECISION)
# The columns' names as the notice board shows them.
COLUMN_TITLES = {
    PostKind.NOTICE: _("Notices"),
    PostKind.NEWS: _("Latest news"),
    PostKind.MEMBER_ACTIVITY: _("Member activities"),
    PostKind.POLICY: _("Policies and regulations"),
    PostKind.CALL: _("Calls for applications"),
    PostKind.DECISION: _("Decisions and lists"),
    PostKind.WRITE_UP: _("Event write-ups"),
}


class PostState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "review", _("in review")
    RETURNED = "returned", _("returned with a comment")
    # A unit's member activity the editors approved: the unit publishes it itself.
    APPROVED = "approved", _("approved, the unit publishes it")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


EDITABLE_STATES = (PostState.DRAFT, PostState.RETURNED)


class Audience(models.TextChoices):
    PUBLIC = "public", _("everyone")
    MEMBERS = "members", _("member units only")
    SEGMENT = "segment", _("one group of members")


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publishing:column", args=["all"]) + f"?tag={self.pk}"


def cover_path(instance, filename):
    return f"publishing/covers/{timezone.now():%Y/%m}/{filename}"


def attachment_path(instance, filename):
    return f"publishing/files/{timezone.now():%Y/%m}/{filename}"


class Post(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    title = models.CharField(_("title (Simplified Chinese)"), max_length=300)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    body_format = models.CharField(
        _("body written in"),
        max_length=10,
        choices=BodyFormat.choices,
        default=BodyFormat.MARKDOWN,
    )
    body = models.TextField(_("body (Simplified Chinese)"), blank=True)
    body_zh_hant = models.TextField(_("body (Traditional Chinese)"), blank=True)
    body_en = models.TextField(_("body (English)"), blank=True)
    # What readers get: the bodies above rendered and sanitised (publishing.bodies).
    body_html = models.TextField(blank=True, editable=False)
    body_html_zh_hant = models.TextField(blank=True, editable=False)
    body_html_en = models.TextField(blank=True, editable=False)
    cover = models.ImageField(_("cover picture"), upload_to=cover_path, blank=True)
    cover_thumbnail = models.ImageField(upload_to=cover_path, blank=True, editable=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="posts")
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("author unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
    )
    audience = models.CharField(
        _("who may read it"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    # A group of members ("level:council", "group:<industry group key>"); the members app
    # names more groups later.
    segment = models.CharField(_("group of members"), max_length=100, blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    expire_at = models.DateTimeField(_("leaves the column at"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PostState.choices, default=PostState.DRAFT
    )
    review_comment = models.TextField(_("editor's comment"), blank=True)
    link_type = models.ForeignKey(
        ContentType,
        verbose_name=_("linked object type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    link_id = models.PositiveBigIntegerField(_("linked object id"), null=True, blank=True)
    linked = GenericForeignKey("link_type", "link_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # Set once by the worker when the post left its column at expire_at (for the audit trail).
    expired_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "state", "publish_at"]),
            models.Index(fields=["link_type", "link_id"]),
            # The columns' order (newest first): a page reads its 20 rows off the index.
            models.Index(fields=["kind", "-publish_at", "-id"], name="post_kind_newest"),
            models.Index(fields=["-publish_at", "-id"], name="post_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publishing:post", args=[self.pk])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_body(self) -> str:
        return localized(self, "body_html")

    @property
    def column_title(self) -> str:
        return COLUMN_TITLES[self.kind]

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class Attachment(models.Model):
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publishing:attachment", args=[self.post_id, self.pk])


def picture_path(instance, filename):
    return f"publishing/pictures/{timezone.now():%Y/%m}/{filename}"


class Picture(models.Model):
    """A picture uploaded for a post's body, served by the platform (re-encoded, no EXIF);
    the body shows it with ![description](its address)."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="pictures"
    )
    image = models.ImageField(_("picture"), upload_to=picture_path)
    name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publishing:picture", args=[self.post_id, self.pk])


class Revision(models.Model):
    """A published post as it was before a correction; the public page lists them."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions"
    )
    created_at = models.DateTimeField(_("corrected"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("what was corrected"), max_length=300)
    title = models.CharField(_("title before"), max_length=300)
    body_html = models.TextField(_("body before"), blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.post} · {self.created_at:%Y-%m-%d %H:%M}"


class PageKey(models.TextChoices):
    ABOUT = "about", _("About the association")
    CONTACT = "contact", _("Contact")
    PRIVACY = "privacy", _("Privacy policy")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")


class Page(models.Model):
    """A simple page the secretariat edits (about, contact, privacy, accessibility)."""

    key = models.CharField(_("page"), max_length=20, choices=PageKey.choices, unique=True)
    title = models.CharField(_("title (Simplified Chinese)"), max_length=200)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body = models.TextField(_("text in Markdown (Simplified Chinese)"), blank=True)
    body_zh_hant = models.TextField(_("text in Markdown (Traditional Chinese)"), blank=True)
    body_en = models.TextField(_("text in Markdown (English)"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    body_html_zh_hant = models.TextField(blank=True, editable=False)
    body_html_en = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["key"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publishing:page", args=[self.key])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_body(self) -> str:
        return localized(self, "body_html")

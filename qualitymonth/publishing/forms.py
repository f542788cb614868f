from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.forms import MultipleFileField
from qualitymonth.organizations.models import MembershipLevel, Unit, UnitKind
from qualitymonth.publishing import links
from qualitymonth.publishing.models import Audience, BodyFormat, PageKey, PostKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def segment_choices() -> list[tuple[str, str]]:
    """Groups of members a post may be for: a membership level or an industry group."""
    choices = [("", "—")]
    choices += [(f"level:{value}", label) for value, label in MembershipLevel.choices]
    groups = Unit.objects.filter(kind=UnitKind.INDUSTRY_GROUP, is_active=True).order_by("name")
    choices += [(f"group:{group.key}", group.name) for group in groups]
    return choices


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    title = forms.CharField(label=_("Title (Simplified Chinese)"), max_length=300)
    title_zh_hant = forms.CharField(
        label=_("Title (Traditional Chinese)"),
        max_length=300,
        required=False,
        help_text=_("Left blank, it is converted from the Simplified Chinese."),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=400, required=False)
    body_format = forms.ChoiceField(
        label=_("Body written in"), choices=BodyFormat.choices, initial=BodyFormat.MARKDOWN
    )
    body = forms.CharField(label=_("Body (Simplified Chinese)"), widget=forms.Textarea)
    body_zh_hant = forms.CharField(
        label=_("Body (Traditional Chinese)"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Left blank, it is converted from the Simplified Chinese."),
    )
    body_en = forms.CharField(label=_("Body (English)"), widget=forms.Textarea, required=False)
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("For notices, policy documents, calls and decisions, e.g. 沪质协〔2026〕12号."),
    )
    unit = forms.ModelChoiceField(label=_("Author unit"), queryset=Unit.objects.none())
    tags = forms.CharField(
        label=_("Tags"),
        max_length=500,
        required=False,
        help_text=_("Separated by commas, e.g. 质量月, QC小组."),
    )
    audience = forms.ChoiceField(
        label=_("Who may read it"), choices=Audience.choices, initial=Audience.PUBLIC
    )
    segment = forms.ChoiceField(label=_("Group of members"), choices=(), required=False)
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DATETIME,
        help_text=_("Shanghai time. Used when the post is scheduled."),
    )
    expire_at = forms.DateTimeField(
        label=_("Leaves the column at"), required=False, widget=DATETIME
    )
    link_type = forms.ChoiceField(label=_("Links to"), required=False, choices=())
    link_id = forms.IntegerField(
        label=_("Number of the linked object"), required=False, min_value=1
    )
    cover = forms.FileField(label=_("Cover picture"), required=False)
    attachments = MultipleFileField(
        label=_("Attachments"), help_text=_("PDF, Word (DOCX) or Excel (XLSX), up to 20 MB each.")
    )
    pictures = MultipleFileField(
        label=_("Pictures for the body"),
        help_text=_(
            "JPEG, PNG, WebP or GIF. After saving, the preview gives each picture's line to "
            "paste into the body."
        ),
    )
    remove_attachments = forms.TypedMultipleChoiceField(
        label=_("Remove attachments"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("What was corrected"),
        max_length=300,
        required=False,
        help_text=_("Needed when correcting a published post: readers see it."),
    )

    # The post as the form was opened (core.versions): a save after someone else's is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200_000)

    def __init__(self, *args, units, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].required = False
        self.fields["segment"].choices = segment_choices()
        self.fields["link_type"].choices = [("", "—")] + [
            (key, kind.label) for key, kind in links.KINDS.items()
        ]
        if post is not None and post.pk:
            self.fields["remove_attachments"].choices = [
                (attachment.pk, attachment.name) for attachment in post.attachments.all()
            ]
        else:
            del self.fields["remove_attachments"]
        if post is None or post.state != "published":
            del self.fields["note"]

    @staticmethod
    def initial_of(post) -> dict:
        initial = {
            name: getattr(post, name)
            for name in (
                "kind", "title", "title_zh_hant", "title_en", "body_format", "body",
                "body_zh_hant", "body_en", "document_number", "audience", "segment",
                "publish_at", "expire_at", "link_id",
            )
        }  # fmt: skip
        initial["unit"] = post.unit_id
        initial["tags"] = ", ".join(tag.name for tag in post.tags.all())
        initial["link_type"] = links.key_of(post.link_type) if post.link_type else ""
        return initial

    def clean_tags(self):
        text = self.cleaned_data["tags"].replace("，", ",").replace("、", ",")
        return [name.strip() for name in text.split(",") if name.strip()]


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment to the author"), widget=forms.Textarea)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(label=_("Publish at (Shanghai time)"), widget=DATETIME)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why it is withdrawn"), max_length=500)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I am sure."))


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title (Simplified Chinese)"), max_length=200)
    title_zh_hant = forms.CharField(
        label=_("Title (Traditional Chinese)"), max_length=200, required=False
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    body = forms.CharField(label=_("Text in Markdown (Simplified Chinese)"), widget=forms.Textarea)
    body_zh_hant = forms.CharField(
        label=_("Text in Markdown (Traditional Chinese)"), widget=forms.Textarea, required=False
    )
    body_en = forms.CharField(
        label=_("Text in Markdown (English)"), widget=forms.Textarea, required=False
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200_000)


PAGE_KEYS = PageKey.values

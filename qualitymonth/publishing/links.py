"""What a post may point at elsewhere on the platform, and who may see each such object.

Each kind names the owning app's selector that lists what a person may see there, so the
rule stays in that app: an author may only link what they can open, and a reader is shown
the link only when they can open it too.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LinkKind:
    label: str
    visible_to: Callable  # (user) -> QuerySet of the objects the user may open
    url: Callable  # (obj) -> address of its page
    title: Callable = str  # (obj) -> the name readers see


def _award_rounds(user):
    from qualitymonth.awards import selectors
    from qualitymonth.awards.models import Round

    return (
        Round.objects.all() if user.has_perm("awards.manage_round") else selectors.public_rounds()
    )


def _award_notices(user):
    from qualitymonth.awards.models import Notice

    return Notice.objects.select_related("round")


def _events(user):
    from qualitymonth.events import selectors
    from qualitymonth.events.models import Event

    return (
        Event.objects.all() if user.has_perm("events.manage_event") else selectors.public_events()
    )


def _survey_rounds(user):
    from qualitymonth.surveys import selectors

    return selectors.rounds_visible_to(user)


def _campaigns(user):
    from qualitymonth.campaigns import selectors

    return selectors.campaigns_visible_to(user)


def _actions(user):
    from qualitymonth.campaigns import selectors

    return selectors.actions_for(user)


def _enquiry_categories(user):
    from qualitymonth.enquiries import selectors

    return selectors.offered_categories()


def _standards(user):
    from qualitymonth.standards import selectors
    from qualitymonth.standards.models import Standard

    # Editors prepare the 立项 notice of a standard the public cannot see yet.
    return Standard.objects.all() if user.has_perm("standards.manage") else selectors.catalogue()


KINDS: dict[str, LinkKind] = {
    "awards.round": LinkKind(
        _("recognition round"), _award_rounds, lambda o: o.get_absolute_url(),
        lambda o: o.display_title,
    ),
    "awards.notice": LinkKind(
        _("public notice or final list"), _award_notices, lambda o: o.get_absolute_url()
    ),
    "events.event": LinkKind(
        _("event"), _events, lambda o: o.get_absolute_url(), lambda o: o.display_title
    ),
    "surveys.round": LinkKind(
        _("survey round"), _survey_rounds,
        lambda o: reverse("surveys:results", args=[o.pk]),
    ),
    "campaigns.campaign": LinkKind(
        _("campaign"), _campaigns, lambda o: reverse("campaigns:campaign_detail", args=[o.year])
    ),
    "campaigns.action": LinkKind(
        _("plan action"), _actions, lambda o: reverse("campaigns:action_detail", args=[o.pk]),
        lambda o: o.display_title,
    ),
    "enquiries.category": LinkKind(
        _("citizen-service category"), _enquiry_categories,
        lambda o: reverse("enquiries:index"), lambda o: o.display_name,
    ),
    "standards.standard": LinkKind(
        _("group standard"), _standards,
        lambda o: reverse("standards:standard", args=[o.pk]), lambda o: o.title,
    ),
}  # fmt: skip


def key_of(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def kind_of(content_type: ContentType | None) -> LinkKind | None:
    return KINDS.get(key_of(content_type)) if content_type is not None else None


def content_type_for(key: str) -> ContentType | None:
    if key not in KINDS:
        return None
    app_label, model = key.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model)


def visible_object(user, content_type: ContentType | None, object_id) -> object | None:
    """The linked object when `user` may open it; None otherwise (or when it is gone)."""
    kind = kind_of(content_type)
    if kind is None or object_id is None:
        return None
    return kind.visible_to(user).filter(pk=object_id).first()


@dataclass(frozen=True)
class ShownLink:
    label: str
    title: str
    url: str


def shown_link(user, post) -> ShownLink | None:
    """What the post page shows of its linked object, for this reader."""
    obj = visible_object(user, post.link_type, post.link_id)
    if obj is None:
        return None
    kind = kind_of(post.link_type)
    return ShownLink(label=kind.label, title=kind.title(obj), url=kind.url(obj))

"""What other apps' pages show of publishing: the posts about their object and, for editors,
the button that prepares a post from it. One tag, so each page includes one line:
`{% load publishing_tags %}{% posts_about round %}`; a page listing several objects of one
kind (the citizen-service categories) uses `{% posts_about_each categories %}`."""

from django import template
from django.contrib.contenttypes.models import ContentType

from qualitymonth.publishing import links, selectors

register = template.Library()


@register.inclusion_tag("publishing/_posts_about.html", takes_context=True)
def posts_about(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or obj is None:
        return {"posts": [], "offer": None}
    key = links.key_of(ContentType.objects.get_for_model(obj))
    offer = key if key in links.KINDS and user.has_perm("publishing.review_posts") else None
    return {
        "posts": selectors.posts_linked_to(user, obj),
        "offer": offer,
        "object_id": obj.pk,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("publishing/_posts_about_each.html", takes_context=True)
def posts_about_each(context, objects):
    """One section for a list of objects: the posts about any of them (one query) and, for
    editors, a button per object that prepares a post from it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    objects = list(objects or [])
    if user is None or not objects:
        return {"posts": [], "offers": []}
    key = links.key_of(ContentType.objects.get_for_model(objects[0]))
    offers = []
    if key in links.KINDS and user.has_perm("publishing.review_posts"):
        offers = [(obj.pk, links.KINDS[key].title(obj)) for obj in objects]
    return {
        "posts": selectors.posts_linked_to_any(user, objects),
        "offer": key,
        "offers": offers,
        "csrf_token": context.get("csrf_token"),
    }

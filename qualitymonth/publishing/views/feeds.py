"""RSS and Atom feeds of each column and each tag: public posts only (a feed reader signs in
as nobody)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from qualitymonth.publishing import selectors
from qualitymonth.publishing.models import COLUMN_TITLES, PostKind

ITEMS = 30
ALL = "all"


class _PostFeed(Feed):
    def item_title(self, post):
        return post.display_title

    def item_description(self, post):
        return post.display_body

    def item_pubdate(self, post):
        return post.publish_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_categories(self, post):
        return [tag.name for tag in post.tags.all()]


class ColumnFeed(_PostFeed):
    def get_object(self, request, kind):
        if kind != ALL and kind not in PostKind.values:
            raise Http404
        return kind

    def title(self, kind):
        name = _("All posts") if kind == ALL else str(COLUMN_TITLES[kind])
        return f"{name} · {_('Quality Month')}"

    def link(self, kind):
        return reverse("publishing:column", args=[kind])

    def description(self, kind):
        return self.title(kind)

    def items(self, kind):
        posts = selectors.public_posts().prefetch_related("tags").order_by("-publish_at", "-id")
        if kind != ALL:
            posts = posts.filter(kind=kind)
        return posts[:ITEMS]


class TagFeed(_PostFeed):
    def get_object(self, request, pk):
        return selectors.get_tag(pk)

    def title(self, tag):
        return f"{tag.name} · {_('Quality Month')}"

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return self.title(tag)

    def items(self, tag):
        return selectors.posts_of_tag(tag)[:ITEMS]


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed
    subtitle = ColumnFeed.description


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = TagFeed.description

from django.urls import path

from qualitymonth.publishing.views import desk, feeds, public

app_name = "publishing"

urlpatterns = [
    path("news/", public.index, name="index"),
    path("news/posts/<int:pk>/", public.post_detail, name="post"),
    path("news/posts/<int:pk>/cover/", public.cover, name="cover"),
    path("news/posts/<int:pk>/qr.svg", public.qr, name="qr"),
    path("news/posts/<int:pk>/pictures/<int:picture_pk>/", public.picture, name="picture"),
    path("news/posts/<int:pk>/files/<int:file_pk>/", public.attachment, name="attachment"),
    path("news/tags/<int:pk>/rss/", feeds.TagFeed(), name="tag_rss"),
    path("news/tags/<int:pk>/atom/", feeds.TagAtomFeed(), name="tag_atom"),
    # The editors' desk.
    path("news/desk/", desk.mine, name="mine"),
    path("news/desk/review/", desk.queue, name="queue"),
    path("news/desk/new/", desk.new, name="new"),
    path("news/desk/<int:pk>/", desk.draft, name="draft"),
    path("news/desk/<int:pk>/edit/", desk.edit, name="edit"),
    path("news/desk/<int:pk>/submit/", desk.submit, name="submit"),
    path("news/desk/<int:pk>/return/", desk.return_post, name="return"),
    path("news/desk/<int:pk>/approve/", desk.approve, name="approve"),
    path("news/desk/<int:pk>/schedule/", desk.schedule, name="schedule"),
    path("news/desk/<int:pk>/publish/", desk.publish, name="publish"),
    path("news/desk/<int:pk>/withdraw/", desk.withdraw, name="withdraw"),
    path("news/desk/from/<str:link>/<int:object_id>/", desk.draft_from, name="draft_from"),
    # Columns last: their name is any kind (or "all").
    path("news/<slug:kind>/", public.column, name="column"),
    path("news/<slug:kind>/rss/", feeds.ColumnFeed(), name="column_rss"),
    path("news/<slug:kind>/atom/", feeds.ColumnAtomFeed(), name="column_atom"),
    path("pages/<slug:key>/", public.page, name="page"),
    path("pages/<slug:key>/edit/", desk.page_edit, name="page_edit"),
]

from django.urls import path

from qualitymonth.events import views

app_name = "events"
urlpatterns = [
    path("events/calendar.ics", views.feed_all, name="feed_all"),
    path("events/series/<slug:key>/calendar.ics", views.feed_series, name="feed_series"),
    path("events/campaigns/<int:year>/calendar.ics", views.feed_campaign, name="feed_campaign"),
]

from django.urls import path

from qualitymonth.events.views import calendars, commitments, public, staff

app_name = "events"
urlpatterns = [
    path("events/", public.event_list, name="list"),
    path("events/<int:pk>/", public.event_detail, name="detail"),
    path("events/series/<slug:key>/", public.series_detail, name="series"),
    path("events/photos/<int:pk>/", public.photo, name="photo"),
    path("events/mine/", public.my_registrations, name="mine"),
    path("events/tickets/<str:code>/", public.ticket, name="ticket"),
    path("events/tickets/<str:code>/qr.svg", public.ticket_qr, name="ticket_qr"),
    path("events/tickets/<str:code>/event.ics", public.ticket_ics, name="ticket_ics"),
    path("events/tickets/<str:code>/cancel/", public.ticket_cancel, name="ticket_cancel"),
    path("events/tickets/<str:code>/certificate.pdf", public.certificate, name="certificate"),
    path("events/commitments/", commitments.wall, name="wall"),
    path("events/commitments/moderation/", commitments.moderation, name="moderation"),
    path("events/commitments/<int:pk>/moderate/", commitments.moderate, name="moderate"),
    path("events/running/", staff.events_i_run, name="running"),
    path("events/<int:pk>/manage/", staff.manage, name="manage"),
    path(
        "events/<int:pk>/registrations/<int:registration_pk>/<str:decision>/",
        staff.decide,
        name="decide",
    ),
    path("events/<int:pk>/viewers/", staff.viewers, name="viewers"),
    path("events/<int:pk>/report/", staff.report, name="report"),
    path("events/<int:pk>/invitations/", staff.invite, name="invite"),
    path("events/<int:pk>/check-in/", staff.check_in, name="check_in"),
    path("events/<int:pk>/attendees.<str:fmt>", staff.attendees_export, name="attendees_export"),
    path("events/<int:pk>/group/", staff.register_group, name="register_group"),
    path("events/calendar.ics", calendars.feed_all, name="feed_all"),
    path("events/series/<slug:key>/calendar.ics", calendars.feed_series, name="feed_series"),
    path("events/campaigns/<int:year>/calendar.ics", calendars.feed_campaign, name="feed_campaign"),
]

"""Open311 GeoReport v2 resources: each with a .xml or .json suffix, as the specification has
them; anything else under /open311/v2/ is a 404 in its error format."""

from django.urls import re_path

from qualitymonth.enquiries.open311 import views

app_name = "open311"

FORMAT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, views.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, views.services, name="services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FORMAT, views.service_definition, name="service"),
    re_path(r"^requests" + FORMAT, views.service_requests, name="requests"),
    re_path(r"^requests/(?P<number>[-\w]+)" + FORMAT, views.request_one, name="request"),
    re_path(r"^tokens/(?P<token>[-\w]+)" + FORMAT, views.token_lookup, name="token"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]

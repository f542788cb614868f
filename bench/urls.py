"""Every URL of the platform, plus the floor view the figures are compared with."""

from django.urls import path

from bench import pages
from bench.floor import floor
from qualitymonth import urls as platform

urlpatterns = [
    path("bench/floor/", floor),
    path("bench/bytes/<int:size>/", pages.floor),
    *platform.urlpatterns,
]

handler403 = platform.handler403
handler404 = platform.handler404
handler500 = platform.handler500

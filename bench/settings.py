"""The platform's own settings, with two changes for the bench.

- The URLs add the floor view (bench/urls.py).
- Static files are not collected (the API serves none, and collecting with compression takes
  longer than the bench); error pages still render, with plain static URLs, as in the tests.
"""

from qualitymonth.settings import *  # noqa: F403
from qualitymonth.settings import STORAGES

ROOT_URLCONF = "bench.urls"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

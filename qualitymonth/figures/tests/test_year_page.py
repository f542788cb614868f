"""The year page reads stored values: a page request never computes a figure."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from qualitymonth.figures.services import recompute_year
from qualitymonth.figures.tests.conftest import held_event


def test_a_year_with_no_data_says_so(client, db):
    page = client.get(reverse("figures:year", args=[2019])).content.decode()
    assert "2019年的数据尚未计算。" in page


def test_the_page_does_not_compute_on_a_get(client, db):
    held_event(2025)
    page = client.get(reverse("figures:year", args=[2025])).content.decode()
    assert "2025年的数据尚未计算。" in page
    recompute_year(2025)
    held_event(2025)  # not counted until the worker runs again
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("figures:year", args=[2025])).content.decode()
    assert 'id="events.held"' in page
    assert '<strong class="figure-value">1</strong>' in page
    assert "计算于" in page
    assert not any("events_event" in q["sql"] for q in queries.captured_queries)


def test_the_page_shows_the_previous_year_and_the_change(client, db):
    held_event(2024)
    held_event(2025)
    held_event(2025)
    recompute_year(2024)
    recompute_year(2025)
    page = client.get(reverse("figures:year", args=[2025])).content.decode()
    assert "2024年：1" in page
    assert "+1 (+100.0%)" in page


def test_the_secretariat_queues_a_recompute(client, secretary, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("figures:recompute", args=[2025]), follow=True)
    assert "正在计算数据" in response.content.decode()
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"year": 2025}

"""A published year keeps its numbers; a later change is shown beside them."""

from django.urls import reverse

from qualitymonth.core.models import AuditEntry
from qualitymonth.figures.models import FigureValue
from qualitymonth.figures.services import publish_year, recompute_year
from qualitymonth.figures.tests.conftest import held_event


def test_a_frozen_year_keeps_its_number_and_flags_a_later_change(client, secretariat):
    held_event(2025)
    recompute_year(2025)
    publish_year(actor=secretariat, year=2025)
    held_event(2025)  # a record added after publication
    recompute_year(2025)

    assert FigureValue.objects.get(key="events.held", year=2025, frozen=True).value == 1
    page = client.get(reverse("figures:year", args=[2025])).content.decode()
    assert '<strong class="figure-value">1</strong>' in page
    assert "发布后重新计算：2" in page
    assert "部分记录在发布后有变动" in page
    assert AuditEntry.objects.filter(action="figures.publish").exists()


def test_publishing_before_anything_is_computed_is_refused(client, secretary):
    response = client.post(reverse("figures:publish", args=[2025]), follow=True)
    assert "请先计算" in response.content.decode()
    assert not FigureValue.objects.exists()

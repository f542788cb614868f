"""Figures the platform cannot count are entered by hand with their source document."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qualitymonth.figures.models import FigureValue, HandEntry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = reverse("figures:enter", args=[2025])


def test_a_hand_entered_figure_without_a_source_is_refused(client, secretary):
    response = client.post(URL, {"key": "figures.broadcast_reach", "value": "1200000"})
    assert "须附来源文件" in response.content.decode()
    assert not HandEntry.objects.exists()
    assert not FigureValue.objects.exists()


def test_a_hand_entered_figure_shows_its_source_and_who_entered_it(client, secretary):
    source = SimpleUploadedFile("收视报告.pdf", PDF, content_type="application/pdf")
    data = {"key": "figures.broadcast_reach", "value": "1200000", "source": source}
    client.post(URL, data)
    page = client.get(reverse("figures:year", args=[2025])).content.decode()
    assert '<strong class="figure-value">1200000</strong>' in page
    assert "来源：收视报告.pdf" in page
    assert secretary.username in page or secretary.get_full_name() in page

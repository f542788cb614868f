"""The indicator system page, as the secretariat reads it."""

from qualitymonth.surveys.models import Weighting


def test_the_system_page_names_each_weighting_in_chinese(client, system, secretariat):
    system.weighting = Weighting.EQUAL
    system.save(update_fields=["weighting"])
    client.force_login(secretariat)
    page = client.get(f"/surveys/manage/systems/{system.pk}/").content.decode()
    shown = page.split('data-testid="weighting">', 1)[1].split("</small>", 1)[0]
    assert shown == "等权重"

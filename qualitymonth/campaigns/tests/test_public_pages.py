import re

from qualitymonth.campaigns import services


def test_the_campaign_page_shows_actions_with_progress_and_status(
    client, secretariat, bureau_admin, huangpu_bureau, huangpu_action
):
    report = services.file_progress_report(
        actor=bureau_admin,
        action=huangpu_action,
        unit=huangpu_bureau,
        status="in_progress",
        progress=45,
        text="进行中",
    )
    services.accept_progress_report(actor=secretariat, report=report)
    page = client.get("/campaigns/2020/").content.decode()
    row = re.search(r'data-testid="action-7">(.*?)</tr>', page, re.S).group(1)
    assert 'value="45"' in row and "45%" in row
    assert "推进中" in row
    assert "质量宣传" in page


def test_the_campaign_page_follows_the_language(client, campaign, huangpu_action):
    client.cookies["qm_language"] = "en"
    page = client.get("/campaigns/2020/").content.decode()
    assert "Quality promotion" in page
    assert "not started" in page


def test_the_nav_opens_the_latest_campaign(client, campaign):
    response = client.get("/campaigns/latest/")
    assert response["Location"] == "/campaigns/2020/"


def test_bad_filters_and_months_fall_back_instead_of_failing(client, campaign):
    for url in [
        "/campaigns/2020/calendar/?month=2020-13",
        "/campaigns/2020/calendar/?month=banana",
        "/campaigns/2020/activities/?day=2020-02-30&district=abc&page=x",
        "/campaigns/2020/activities.csv?kind=party",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/campaigns/2020/calendar/?month=2020-13").content.decode()
    assert 'data-testid="calendar-month">2020年9月<' in page

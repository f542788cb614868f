"""Two people (or two tabs) editing the same plan item or report: the later save from a page
opened before the earlier save is refused, naming what changed; the earlier save survives."""

from django.utils import translation

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import Action, ActivityReport, Campaign, Category
from qualitymonth.campaigns.tests.conftest import activity_values
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.tests.form_pages import form_data

REFUSED = "不是你打开时的内容"


def _label(model, name) -> str:
    with translation.override("zh-hans"):
        label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _two_tabs(client, url):
    return form_data(client.get(url)), form_data(client.get(url))


def test_a_stale_campaign_edit_is_refused_and_the_first_theme_survives(
    client, secretariat, campaign
):
    client.force_login(secretariat)
    url = f"/campaigns/{campaign.year}/edit/"
    tab_a, tab_b = _two_tabs(client, url)
    assert client.post(url, {**tab_a, "theme": "质量强国"}).status_code == 302
    response = client.post(url, {**tab_b, "description": "另一个标签页的说明"})
    page = response.content.decode()
    assert REFUSED in page
    assert f"{_label(Campaign, 'theme')}：质量强国" in page
    campaign.refresh_from_db()
    assert (campaign.theme, campaign.description) == ("质量强国", "")
    assert AuditEntry.objects.filter(action="campaign.update").count() == 1


def test_a_stale_category_edit_is_refused(client, secretariat, campaign, category):
    client.force_login(secretariat)
    url = f"/campaigns/{campaign.year}/categories/{category.pk}/"
    tab_a, tab_b = _two_tabs(client, url)
    client.post(url, {**tab_a, "name_en": "Publicity"})
    response = client.post(url, {**tab_b, "position": "0"})
    assert f"{_label(Category, 'name_en')}：Publicity" in response.content.decode()
    category.refresh_from_db()
    assert category.name_en == "Publicity"


def test_a_stale_action_edit_is_refused_and_the_first_progress_survives(
    client, secretariat, huangpu_action
):
    client.force_login(secretariat)
    url = f"/campaigns/2020/actions/{huangpu_action.pk}/edit/"
    tab_a, tab_b = _two_tabs(client, url)
    assert client.post(url, {**tab_a, "progress": "60"}).status_code == 302
    response = client.post(url, {**tab_b, "title": "开展企业质量开放日（修订）"})
    page = response.content.decode()
    assert REFUSED in page
    assert f"{_label(Action, 'progress')}：60" in page
    huangpu_action.refresh_from_db()
    assert (huangpu_action.progress, huangpu_action.title) == (60, "开展企业质量开放日")


def test_an_action_edit_opened_after_the_save_goes_through(client, secretariat, huangpu_action):
    client.force_login(secretariat)
    url = f"/campaigns/2020/actions/{huangpu_action.pk}/edit/"
    client.post(url, {**form_data(client.get(url)), "progress": "60"})
    assert client.post(url, {**form_data(client.get(url)), "weight": "3"}).status_code == 302
    huangpu_action.refresh_from_db()
    assert (huangpu_action.progress, huangpu_action.weight) == (60, 3)


def test_a_stale_activity_correction_is_refused_and_the_first_correction_survives(
    client, secretariat, bureau_admin, huangpu_bureau, campaign, category
):
    activity = services.file_activity(
        actor=bureau_admin, campaign=campaign, unit=huangpu_bureau, **activity_values(category)
    )
    services.return_activity(actor=secretariat, activity=activity, comment="人数有误")
    client.force_login(bureau_admin)
    url = f"/campaigns/reports/{activity.pk}/edit/"
    tab_a, tab_b = _two_tabs(client, url)
    assert client.post(url, {**tab_a, "participants": "180"}).status_code == 302
    response = client.post(url, {**tab_b, "place": "外滩"})
    page = response.content.decode()
    assert REFUSED in page
    assert f"{_label(ActivityReport, 'participants')}：180" in page
    activity.refresh_from_db()
    assert (activity.participants, activity.place) == (180, "南京东路")

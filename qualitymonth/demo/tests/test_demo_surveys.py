"""The demo surveys: the civility index over the real districts, the enterprise survey, the
ten-industry evaluation and the satisfaction survey — all answers marked as demo."""

import numpy as np

from qualitymonth.organizations.models import Unit, UnitKind, User
from qualitymonth.surveys import selectors
from qualitymonth.surveys.models import Response, Round, RunLevel, Site, SiteKind


def rounds(key):
    return {r.year: r for r in Round.objects.filter(evaluation__key=key)}


def test_the_civility_index_ranks_the_sixteen_districts_in_both_years(demo, client):
    civility = rounds("civility-index")
    for year in (2025, 2026):
        run = selectors.published_run(civility[year])
        districts = selectors.ranking(run, RunLevel.DISTRICT)
        assert len(districts) == 16
        assert sorted(r.rank for r in districts) == list(range(1, 17))
    latest = selectors.ranking(selectors.published_run(civility[2026]), RunLevel.DISTRICT)
    assert all(row.change is not None for row in latest)  # year on year
    page = client.get(f"/surveys/rounds/{civility[2026].pk}/results/").content.decode()
    assert page.count('data-testid="district-row"') == 16


def test_the_streets_and_towns_are_units_under_their_districts(demo):
    streets = Unit.objects.filter(kind=UnitKind.STREET)
    assert streets.count() == 215
    assert not streets.filter(parent__isnull=True).exists()
    assert Unit.objects.get(kind=UnitKind.STREET, name="莘庄镇").parent.name == "闵行区"


def test_the_enterprise_survey_covers_three_thousand_enterprises(demo):
    frame = Site.objects.filter(evaluation__key="enterprise-quality")
    assert frame.filter(kind=SiteKind.ENTERPRISE).count() == 3000


def test_every_demo_answer_is_marked_as_demo(demo):
    assert Response.objects.exists()
    assert not Response.objects.filter(is_demo=False).exists()


def test_the_inspector_has_the_2026_civility_round_to_collect(demo, client):
    client.force_login(User.objects.get(username="inspector-1"))
    civility = rounds("civility-index")[2026]
    page = client.get("/surveys/mine/").content.decode()
    assert f"/surveys/rounds/{civility.pk}/collect/" in page


def test_the_satisfaction_survey_takes_answers_by_link_and_is_not_public_yet(demo, client):
    survey = rounds("customer-satisfaction")[2026]
    assert survey.public_link is not None
    assert client.get(f"/surveys/answer/{survey.public_link}/").status_code == 200
    assert client.get(f"/surveys/rounds/{survey.pk}/satisfaction/").status_code == 404
    client.force_login(User.objects.get(username="secretariat"))
    page = client.get(f"/surveys/rounds/{survey.pk}/satisfaction/").content.decode()
    assert 'data-testid="latent-SAT"' in page


def test_every_demo_site_lies_inside_its_district(demo):
    from qualitymonth.demo.survey_sections import _district_rings, _inside

    rings = _district_rings()
    sites = Site.objects.filter(evaluation__key="civility-index").select_related("district")
    assert not sites.filter(latitude__isnull=True).exists()
    for site in sites[:400]:
        point = np.array([[site.longitude, site.latitude]])
        assert _inside(point, rings[site.district.name])[0], site.code


def test_nearest_to_the_bund_offers_huangpu_sites_first(demo):
    civility = rounds("civility-index")[2026]
    sites = selectors.picker_sites(civility, near=(31.2400, 121.4900))
    assert sites[0].district.name == "黄浦区"
    assert sites[0].distance_m < 3000


def test_the_inspectors_form_in_english_has_english_questions_and_choices(demo, client):
    from django.conf import settings

    client.force_login(User.objects.get(username="inspector-1"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    civility = rounds("civility-index")[2026]
    page = client.get(f"/surveys/rounds/{civility.pk}/collect/").content.decode()
    assert "Emergency exits and fire lanes are clear and well signed" in page
    assert "> Yes</label>" in page and "> No</label>" in page
    assert "> Meets the standard</label>" in page
    assert "> 是</label>" not in page and "> 否</label>" not in page
    assert "安全出口和消防通道畅通" not in page


def test_the_public_questionnaire_in_english_has_english_questions(demo, client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    survey = rounds("customer-satisfaction")[2026]
    page = client.get(f"/surveys/answer/{survey.public_link}/").content.decode()
    assert "How likely are you to recommend it to friends and family?" in page
    assert "您向亲友推荐它的可能性" not in page


def test_a_demo_loaded_before_the_english_gets_it_once_on_the_next_load(demo):
    from collections import Counter

    from qualitymonth.demo.survey_sections import SPECS, _add_languages
    from qualitymonth.surveys.models import Instrument

    instrument = Instrument.objects.get(title="窗口服务现场检查表")
    for question in instrument.questions.all():  # as loaded before the forms had English
        question.translations = {}
        question.choices = [{k: v for k, v in c.items() if k != "labels"} for c in question.choices]
        question.save()
    spec = SPECS["civility-index"]["instrument"]
    first, second = Counter(), Counter()
    _add_languages(instrument, spec, first)
    _add_languages(instrument, spec, second)
    e4 = instrument.questions.get(name="e4")
    assert (
        e4.translations["en"]["label"] == "Emergency exits and fire lanes are clear and well signed"
    )
    assert [c["labels"]["en"] for c in e4.choices] == ["Yes", "No"]
    assert [c["label"] for c in e4.choices] == ["是", "否"]  # the Chinese is left as it was
    assert first["updated"] == instrument.questions.count() and second["updated"] == 0

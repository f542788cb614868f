"""The campaign list and the activity list kept for anonymous readers (core/cache.py): a write
shows at once, a second read asks the database nothing, each filter and page is its own page,
made-up parameters make no other page, and a signed-in reader never gets the visitors' page
nor they theirs."""

import pytest

from conftest import Client
from qualitymonth.campaigns import services
from qualitymonth.campaigns.tests.conftest import activity_values
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import page_cache, queries_to_read, read

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
__all__ = ["page_cache"]
LIST = "/campaigns/"
ACTIVITIES = "/campaigns/2020/activities/"


def accepted(secretariat, unit, campaign, category, **values):
    activity = services.file_activity(
        actor=secretariat, campaign=campaign, unit=unit, **activity_values(category, **values)
    )
    return services.accept_activity(actor=secretariat, activity=activity)


def test_a_new_campaign_shows_at_once_on_the_list(each_cache, secretariat, campaign):
    assert "2020" in read(Client(), LIST)
    assert queries_to_read(Client(), LIST) == 0  # the same page, kept

    services.create_campaign(actor=secretariat, year=2021, theme="质量强国")

    assert "质量强国" in read(Client(), LIST)


def test_the_campaign_list_of_a_signed_in_reader_is_never_the_visitors(
    each_cache, secretariat, campaign
):
    signed_in = Client()
    signed_in.force_login(secretariat)
    read(Client(), LIST)  # the visitors' page is kept
    assert "/campaigns/new/" in read(signed_in, LIST)  # the secretariat's "New campaign"
    read(signed_in, LIST)
    for page in (read(Client(), LIST), read(Client(), LIST)):
        assert "/campaigns/new/" not in page


def test_an_accepted_activity_shows_at_once_in_each_of_its_filters(
    each_cache, secretariat, huangpu_bureau, campaign, category
):
    read(Client(), ACTIVITIES)
    read(Client(), ACTIVITIES, kind="open_day")
    assert queries_to_read(Client(), ACTIVITIES) == 0
    assert queries_to_read(Client(), ACTIVITIES, kind="open_day", made="up") == 0

    accepted(secretariat, huangpu_bureau, campaign, category, title="外滩质量开放日")

    assert "外滩质量开放日" in read(Client(), ACTIVITIES)
    assert "外滩质量开放日" in read(Client(), ACTIVITIES, kind="open_day")
    assert "外滩质量开放日" not in read(Client(), ACTIVITIES, kind="lecture")
    assert "外滩质量开放日" in read(Client(), ACTIVITIES, q="外滩")
    assert "外滩质量开放日" not in read(Client(), ACTIVITIES, q="浦东")


def test_made_up_parameters_are_not_shown_and_bad_filters_are_not_kept(
    each_cache, secretariat, huangpu_bureau, campaign, category
):
    for n in range(31):  # two pages
        accepted(secretariat, huangpu_bureau, campaign, category, title=f"活动{n}")
    page = read(Client(), ACTIVITIES, kind="open_day", made="up")
    # Only the language switch sends the reader back to the address they typed.
    assert page.count("made=up") == 1
    assert (
        'name="next" type="hidden" value="/campaigns/2020/activities/?kind=open_day&amp;made=up"'
        in page
    )
    assert "kind=open_day&amp;page=2" in page
    # Answered each time, never kept: a bad filter, a page past the last, a second spelling.
    for query in ({"day": "2020-99-01"}, {"page": "9"}, {"day": "2020-9-5"}):
        read(Client(), ACTIVITIES, **query)
        assert queries_to_read(Client(), ACTIVITIES, **query) > 0
    read(Client(), ACTIVITIES, page="2")
    assert queries_to_read(Client(), ACTIVITIES, page="2") == 0


def test_the_activity_list_of_a_signed_in_reader_is_never_the_visitors(
    each_cache, bureau_admin, campaign
):
    signed_in = Client()
    signed_in.force_login(bureau_admin)
    read(Client(), ACTIVITIES)
    assert "/campaigns/2020/report/" in read(signed_in, ACTIVITIES)  # may report
    for page in (read(Client(), ACTIVITIES), read(Client(), ACTIVITIES)):
        assert "/campaigns/2020/report/" not in page

"""The order of results: the newest matching entries of each kind, whether the newest entries
match or only older ones do (PostgreSQL first reads a window of the newest entries, then the
full-text index)."""

import datetime

import pytest
from django.utils import timezone

from qualitymonth.search import selectors
from qualitymonth.search.selectors import search
from tests.frontdoor.factories import make_event, make_post

pytestmark = pytest.mark.django_db


def _titles(query, kind=""):
    return [entry.title for group in search(query, kind=kind) for entry in group.entries]


def _post(title, days_ago):
    return make_post(title, publish_at=timezone.now() - datetime.timedelta(days=days_ago))


@pytest.fixture
def small_window(monkeypatch):
    """A window of three entries, so that a few posts show both ways of finding them."""
    monkeypatch.setattr(selectors, "WINDOW", 3)


def test_the_newest_matches_come_first_when_the_newest_posts_match(small_window):
    for n in range(6):
        _post(f"第{n}期质量信得过班组交流会", days_ago=n)

    assert _titles("班组", kind="post") == [f"第{n}期质量信得过班组交流会" for n in range(6)]


def test_older_matches_are_found_in_order_when_the_newest_posts_do_not_match(small_window):
    for n in range(5):
        _post(f"第{n}期标准化讲座", days_ago=n)
    for n in range(5, 8):
        _post(f"第{n}期质量信得过班组交流会", days_ago=n)

    assert _titles("班组") == [f"第{n}期质量信得过班组交流会" for n in range(5, 8)]
    assert _titles("zzqx") == []


def test_more_than_a_page_of_matches_shows_the_newest_page_and_more(small_window):
    for n in range(4):
        _post(f"第{n}期标准化讲座", days_ago=n)
    for n in range(4, 4 + selectors.PER_KIND + 2):
        _post(f"第{n}期质量信得过班组交流会", days_ago=n)

    groups = search("班组")

    assert [e.title for e in groups[0].entries] == [
        f"第{n}期质量信得过班组交流会" for n in range(4, 4 + selectors.PER_KIND)
    ]
    assert groups[0].more


def test_each_kind_keeps_its_own_newest_first(small_window):
    for n in range(4):
        _post(f"第{n}期质量信得过班组交流会", days_ago=n)
    make_event("质量信得过班组现场会", days=3)
    make_event("质量信得过班组成果发布", days=10)

    groups = {group.kind: [e.title for e in group.entries] for group in search("班组")}

    assert groups["post"] == [f"第{n}期质量信得过班组交流会" for n in range(4)]
    assert groups["event"] == ["质量信得过班组成果发布", "质量信得过班组现场会"]

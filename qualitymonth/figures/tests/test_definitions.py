"""Each declared figure equals a hand count on a small data set."""

from conftest import make_unit
from qualitymonth.figures.models import FigureValue
from qualitymonth.figures.registry import all_figures, get_figure
from qualitymonth.figures.services import recompute_year
from qualitymonth.figures.tests.conftest import held_event
from qualitymonth.quality.tests.conftest import register


def stored(key: str, year: int) -> int:
    return int(FigureValue.objects.get(key=key, year=year, frozen=False).value)


def test_the_registry_collects_every_app_declaration_once():
    keys = [f.key for f in all_figures()]
    assert len(keys) == len(set(keys))
    for key in ("events.held", "quality.teams", "training.trainees", "figures.broadcast_reach"):
        assert get_figure(key) is not None


def test_events_held_counts_the_published_events_that_started_in_the_year(db):
    held_event(2025)
    held_event(2025)
    held_event(2025, published=False)
    held_event(2024)
    recompute_year(2025)
    assert stored("events.held", 2025) == 2


def test_teams_and_their_staff_equal_a_hand_count(enterprise, huangpu):
    other_enterprise = make_unit(key="park-hotel", name="上海国际饭店", district=huangpu)
    register(enterprise, "攻坚组", 2025, "T1", [("张三",), ("李四",)])
    register(enterprise, "降耗组", 2025, "T2", [("张三",), ("王五",)])  # 张三 counted once
    register(other_enterprise, "服务组", 2025, "T3", [("张三",)])  # another enterprise's 张三
    register(enterprise, "旧组", 2024, "T9", [("赵六",)])
    recompute_year(2025)
    assert stored("quality.teams", 2025) == 3
    assert stored("quality.staff", 2025) == 4


def test_every_computed_figure_is_stored_for_a_year_without_records(db):
    computed = [f.key for f in all_figures() if not f.hand_entered]
    assert recompute_year(2019) == len(computed)
    values = dict(FigureValue.objects.filter(year=2019).values_list("key", "value"))
    assert set(values) == set(computed)
    assert all(value == 0 for value in values.values())

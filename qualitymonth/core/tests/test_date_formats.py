import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

DAY = datetime.date(2026, 9, 1)
MOMENT = timezone.make_aware(datetime.datetime(2026, 9, 1, 14, 30))

PAGE = Template(
    "{{ day }}|{{ day|date:'DATE_FORMAT' }}|{{ day|date:'SHORT_DATE_FORMAT' }}|"
    "{{ moment|date:'DATETIME_FORMAT' }}|{{ moment|date:'SHORT_DATETIME_FORMAT' }}"
)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [
        ("zh-hans", "2026年9月1日", "2026年9月1日 14:30"),
        ("zh-hant", "2026年9月1日", "2026年9月1日 14:30"),
        ("en", "1 Sep 2026", "1 Sep 2026, 14:30"),
    ],
)
def test_a_page_writes_every_date_in_one_style_per_language(language, day, moment):
    with translation.override(language):
        shown = PAGE.render(Context({"day": DAY, "moment": MOMENT})).split("|")
    assert shown[:3] == [day, day, day]
    assert shown[3] == moment
    # The short date-time is the same date followed by the time.
    assert shown[4] == f"{day} 14:30"

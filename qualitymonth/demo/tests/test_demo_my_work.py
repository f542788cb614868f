"""Each role lands on its own "my work" with the demo's items for it."""

import pytest
from django.urls import reverse

from qualitymonth.demo.tests.matrix import FIXED_USERNAMES, USERNAMES
from qualitymonth.organizations.models import User

WHO = {
    "reviewer": (FIXED_USERNAMES["reviewer"], "reviews"),
    "inspector": (FIXED_USERNAMES["inspector"], "rounds"),
    "case handler": (FIXED_USERNAMES["case_handler"], "cases"),
    "unit reporter": (USERNAMES["saic-gm"]["own_reporter"], "actions"),
    "secretariat": (FIXED_USERNAMES["secretariat"], "progress"),
}


def _block(page: str, key: str) -> str:
    start = page.index(f'data-testid="my-work-{key}"')
    return page[start : page.index("</article>", start)]


@pytest.mark.parametrize("role", list(WHO))
def test_each_role_finds_its_items_on_my_work(demo, client, role):
    username, key = WHO[role]
    client.force_login(User.objects.get(username=username))

    page = client.get(reverse("my_work")).content.decode()

    assert "<li>" in _block(page, key), f"{role}: no items in the {key} block"

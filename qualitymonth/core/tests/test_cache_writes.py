"""Which apps a statement writes to (core/cache.py): every write the ORM sends on either
database names its app, so the pages built from that app's rows are never served again."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualitymonth.core.cache import written_labels
from qualitymonth.organizations.models import User


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "organizations_unit" ("name") VALUES (%s)',
        'INSERT OR IGNORE INTO "organizations_user_groups" ("user_id", "group_id") VALUES (1, 2)',
        'INSERT OR REPLACE INTO "organizations_unit" ("name") VALUES (%s)',
        'UPDATE "organizations_unit" SET "name" = %s',
        'DELETE FROM "organizations_unit" WHERE "id" = 1',
    ],
)
def test_each_kind_of_write_names_its_app(sql):
    assert written_labels(sql) == {"organizations"}


def test_a_read_names_none():
    assert written_labels('SELECT "name" FROM "organizations_unit"') == set()


@pytest.mark.django_db
def test_adding_to_a_many_to_many_relation_is_seen_as_a_write():
    user = User.objects.create_user("reader", password="x")
    group = Group.objects.create(name="editors")
    with CaptureQueriesContext(connection) as captured:
        user.groups.add(group)

    writes = set().union(*(written_labels(query["sql"]) for query in captured))
    assert "organizations" in writes

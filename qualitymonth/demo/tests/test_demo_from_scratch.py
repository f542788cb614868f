"""Loading into an empty database, outside the shared load of the other demo tests."""

import shutil

from qualitymonth.awards.models import Round, Rubric
from qualitymonth.demo.loader import FIXTURES, load_all
from qualitymonth.demo.tests.test_demo_awards import QC, TEMPLATE

# The awards' rows and those they name (units, memberships, people): only the awards' section
# reads the rubric templates (award_sections.py); the whole demo is loaded from empty by the
# console command's test (test_demo_data.py) and into the test database by the shared load.
AWARDS_AND_WHAT_THEY_NAME = [
    "010_units.yaml",
    "020_members.yaml",
    "030_people.yaml",
    "060_awards.yaml",
]


def test_it_loads_where_a_flushed_test_database_lost_the_rubric_templates(db, tmp_path):
    for name in AWARDS_AND_WHAT_THEY_NAME:
        shutil.copyfile(FIXTURES / name, tmp_path / name)
    Rubric.objects.filter(is_template=True).delete()
    load_all(tmp_path)
    assert Rubric.objects.filter(is_template=True, name=TEMPLATE).exists()
    assert Round.objects.get(title=QC).rubric.criteria.count() == 6

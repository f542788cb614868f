"""Loading into an empty database, outside the shared load of the other demo tests."""

from qualitymonth.awards.models import Round, Rubric
from qualitymonth.demo.loader import load_all
from qualitymonth.demo.tests.test_demo_awards import QC, TEMPLATE


def test_it_loads_where_a_flushed_test_database_lost_the_rubric_templates(db):
    Rubric.objects.filter(is_template=True).delete()
    load_all()
    assert Rubric.objects.filter(is_template=True, name=TEMPLATE).exists()
    assert Round.objects.get(title=QC).rubric.criteria.count() == 6

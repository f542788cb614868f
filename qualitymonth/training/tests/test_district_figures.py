"""Training's figures by district: trainees and trainee-times of the classes, in the
district of the unit that enrolled them, counted by hand and shown on the dashboard."""

import re

from django.urls import reverse
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.figures.breakdowns import by_district
from qualitymonth.figures.registry import get_figure
from qualitymonth.figures.services import recompute_year
from qualitymonth.organizations.models import UnitKind
from qualitymonth.training.models import Enrolment, TrainingClass
from qualitymonth.training.services.classes import enrol_in_class

YEAR = timezone.localdate().year  # the dashboards show the current year


def enrolments(course, training_class, trainee, huangpu):
    """Huangpu: the trainee and another, the trainee again in a second class for another
    unit; Xuhui: one;
    an online course and a unit located nowhere count for the city only."""
    xuhui = make_unit(kind=UnitKind.DISTRICT, key="xuhui", name="徐汇区")
    in_huangpu = make_unit(name="外滩酒店", district=huangpu)
    also_huangpu = make_unit(name="南京路商场", district=huangpu)
    in_xuhui = make_unit(name="漕河泾", district=xuhui)
    nowhere = make_unit(name="无区单位")
    other, third = make_person("other"), make_person("third")
    training_class.capacity = 10
    training_class.save()
    for user, unit in (
        (trainee, in_huangpu),
        (other, in_huangpu),
        (third, in_xuhui),
        (make_person("fourth"), nowhere),
    ):
        enrol_in_class(user=user, training_class=training_class, unit=unit)
    second = TrainingClass.objects.create(key="second", title="质量管理小组骨干班", capacity=5)
    enrol_in_class(user=trainee, training_class=second, unit=also_huangpu)
    Enrolment.objects.create(course=course, user=make_person("online"))


def test_trainees_and_trainee_times_count_in_the_enrolling_units_district(
    course, training_class, trainee, huangpu
):
    enrolments(course, training_class, trainee, huangpu)
    trainees, times = get_figure("training.trainees"), get_figure("training.trainee_times")
    assert by_district(trainees)(YEAR) == {"huangpu": 2, "xuhui": 1}
    assert by_district(times)(YEAR) == {"huangpu": 3, "xuhui": 1}
    assert times.compute(YEAR) == 6  # the city counts the online course and the unit nowhere


def test_the_districts_dashboard_shows_its_trainees(
    client, course, training_class, trainee, huangpu, bureau_admin
):
    enrolments(course, training_class, trainee, huangpu)
    recompute_year(YEAR)
    client.force_login(bureau_admin)
    page = client.get(reverse("figures:district_dashboard", args=[huangpu.pk])).content.decode()
    shown = dict(re.findall(r'<tr id="([\w.]+)">.*?class="figure-value">([\d.]+)<', page, re.S))
    assert shown["training.trainees"] == "2"
    assert shown["training.trainee_times"] == "3"

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.awards.tests.conftest import make_application, make_round, program, rubric
from qualitymonth.campaigns.services import create_campaign
from qualitymonth.campaigns.services.activities import file_activity
from qualitymonth.campaigns.tests.conftest import activity_values
from qualitymonth.enquiries.models import Case, Category, Submission
from qualitymonth.events.models import Event, Registration, Venue
from qualitymonth.members.models import MembershipType
from qualitymonth.organizations.models import Membership, Role, UnitKind

__all__ = ["program", "rubric"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member_type(db):
    return MembershipType.objects.create(
        key="member",
        name="会员单位",
        name_en="Member unit",
        dues_per_year=Decimal("2000"),
        term_years=1,
    )


@pytest.fixture
def membership(association, enterprise):
    return Membership.objects.create(
        association=association, unit=enterprise, joined_on=datetime.date(2025, 1, 1)
    )


@pytest.fixture
def case_handler(huangpu_bureau):
    return make_person("huangpu-handler", unit=huangpu_bureau, role=Role.CASE_HANDLER)


def attended_event(unit, *, title="质量大讲堂", when=None, person=None) -> Registration:
    when = when or timezone.make_aware(datetime.datetime(2026, 9, 10, 14))
    event = Event.objects.create(
        kind="lecture", title=title, starts_at=when, ends_at=when + datetime.timedelta(hours=2)
    )
    venue = Venue.objects.create(event=event, name="会堂")
    return Registration.objects.create(
        event=event,
        venue=venue,
        unit=unit if person is None else None,
        user=person,
        name="王敏",
        phone="+8613800001111",
        status="confirmed",
        checked_in_at=when,
    )


def filed_report(unit, secretariat, *, year=2026, title="质量开放日"):
    campaign = create_campaign(actor=secretariat, year=year, theme="质量成就美好生活")
    category = campaign.categories.get(name="质量宣传")
    reporter = make_person(f"reporter-{unit.pk}-{year}", unit=unit, role=Role.REPORTER)
    values = activity_values(
        category,
        title=title,
        starts_on=datetime.date(year, 9, 10),
        ends_on=datetime.date(year, 9, 10),
    )
    return file_activity(actor=reporter, campaign=campaign, unit=unit, **values)


def applied(unit, program, rubric, *, title="精益生产项目"):
    """An application in a 2026 round (the awards tests' round)."""
    round_ = make_round(program, rubric)
    application = make_application(round_, unit=unit)
    application.title = title
    application.save(update_fields=["title"])
    return application


def complaint_about(unit, bureau, district, *, number="TS2025000001", published=False):
    category, _made = Category.objects.get_or_create(
        code="quality", defaults={"name": "产品质量", "kinds": ["complaint"]}
    )
    moment = timezone.make_aware(datetime.datetime(2026, 6, 1, 10))
    submission = Submission.objects.create(
        created_at=moment,
        channel="web",
        category=category,
        district=district,
        facts="买到的产品有质量问题。",
        business_name=unit.name,
        name="市民甲",
        phone="+8613900002222",
        consents_to_publish=published,
    )
    return Case.objects.create(
        submission=submission,
        kind="complaint",
        number=number,
        status="received",
        unit=bureau,
        category=category,
        district=district,
        received_at=moment,
        updated_at=moment,
    )


def member_unit(
    association,
    member_type,
    *,
    name=None,
    district=None,
    group=None,
    starts=datetime.date(2026, 1, 1),
    ends=datetime.date(2026, 12, 31),
):
    from qualitymonth.members.services.terms import add_term

    unit = make_unit(name=name) if name else make_unit()
    if district is not None:
        unit.district = district
        unit.save()
    membership = Membership.objects.create(association=association, unit=unit, industry_group=group)
    add_term(actor=None, membership=membership, type=member_type, starts_on=starts, ends_on=ends)
    return unit


def a_group(name="机械大组"):
    return make_unit(kind=UnitKind.INDUSTRY_GROUP, name=name)


def shows(page: str, message: str, **values) -> bool:
    """`message` on the page in whichever of the platform's languages it was written in."""
    from django.conf import settings
    from django.utils import translation

    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            text = translation.gettext(message)
            if (text % values if values else text) in page:
                return True
    return False


def trained(unit, *, title="首席质量官培训班", when=None):
    """A person of the unit enrolled for it in a class and attended a session."""
    from qualitymonth.training.models import (
        ClassEnrolment,
        ClassSession,
        SessionAttendance,
        TrainingClass,
    )

    when = when or timezone.make_aware(datetime.datetime(2026, 5, 12, 9))
    training_class = TrainingClass.objects.create(key=f"class-{unit.pk}", title=title, capacity=30)
    session = ClassSession.objects.create(
        training_class=training_class,
        title="第一讲",
        starts_at=when,
        ends_at=when + datetime.timedelta(hours=3),
    )
    person = make_person(f"learner-{unit.pk}")
    enrolment = ClassEnrolment.objects.create(training_class=training_class, user=person, unit=unit)
    return SessionAttendance.objects.create(session=session, enrolment=enrolment)


def surveyed(unit, *, evaluation="文明指数测评", year=2026, when=None):
    """A response recorded at a site of the unit's in a round of `year` (the surveys tests'
    indicator system and checklist)."""
    import uuid

    from qualitymonth.surveys.models import (
        Evaluation,
        InstrumentKind,
        Response,
        Round,
        Site,
        SiteKind,
        Source,
    )
    from qualitymonth.surveys.services.instruments import create_instrument
    from qualitymonth.surveys.tests.conftest import build_system, xlsform_upload

    when = when or timezone.make_aware(datetime.datetime(year, 7, 8, 10))
    survey = Evaluation.objects.create(key=f"survey-{unit.pk}-{year}", name=evaluation)
    instrument = create_instrument(
        evaluation=survey,
        kind=InstrumentKind.CHECKLIST,
        title="窗口检查表",
        upload=xlsform_upload(),
        actor=None,
    )
    round_ = Round.objects.create(
        evaluation=survey, year=year, system=build_system(survey), instrument=instrument
    )
    site = Site.objects.create(
        evaluation=survey,
        code=f"S{unit.pk}",
        kind=SiteKind.ENTERPRISE,
        name=unit.name,
        district=unit.district or make_unit(kind=UnitKind.DISTRICT, name=f"区{unit.pk}"),
        enterprise=unit,
    )
    return Response.objects.create(
        round=round_, client_id=uuid.uuid4(), site=site, source=Source.WEB, submitted_at=when
    )

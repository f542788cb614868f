"""Moving events' questions and awards' form fields to core's shared shape loses nothing.

Questions and answers are written at the migration state before the move, with the models of
that state, then the database is migrated forward and every row is read back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from conftest import make_person, make_unit
from qualitymonth.awards.models import Application, FormField, Program, Round, Rubric
from qualitymonth.events.models import Event, Question, Registration, Venue
from qualitymonth.organizations.models import Role

BEFORE = [("events", "0005_attendance_certificates"), ("awards", "0004_certificate_validity")]
AFTER = [("events", "0006_shared_custom_questions"), ("awards", "0005_shared_custom_questions")]

EVENT_QUESTIONS = [
    # label, zh-Hant, English, kind, choices, required, order
    ("所在企业规模", "", "Company size", "choice", "50人以下\n50–300人\n300人以上", True, 0),
    ("希望听到的话题", "希望聽到的話題", "", "text", "", False, 1),
    ("是否第一次参加质量大讲堂", "", "First time?", "yes_no", "", False, 2),
]
ROUND_FIELDS = [
    # label, zh-Hant, English, kind, choices, required, position
    ("项目类别", "", "Kind of project", "choice", "技术创新\n质量改进\n检验检测", True, 1),
    ("应用起始年份", "", "In use since", "number", "", True, 2),
    ("项目简介", "項目簡介", "", "long_text", "", False, 3),
    ("负责人", "", "", "text", "", True, 4),
]


class Executor(MigrationExecutor):
    """Django's executor, unapplying from a plan that takes every migration it keeps first.

    Going back, Django builds the state before each migration it undoes by walking the whole
    graph in one order, and once it meets the first of them it re-renders every model of every
    migration after it (hundreds, most of the test's time). The migrations it keeps depend on
    none it undoes, so they may come first: the states are those of the database as it is,
    and only the undone migrations are walked with rendered models.
    """

    def _migrate_all_backwards(self, plan, full_plan, fake):
        undone = {migration for migration, _backwards in plan}
        kept_first = [step for step in full_plan if step[0] not in undone]
        kept_first += [step for step in full_plan if step[0] in undone]
        return super()._migrate_all_backwards(plan, kept_first, fake)


def _migrate(targets):
    """Migrate to `targets`; the models of that state."""
    executor = Executor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _owners():
    """An event with a registration and a round with an application, made with today's models
    (their tables are not touched by the move)."""
    starts = timezone.now() + datetime.timedelta(days=30)
    event = Event.objects.create(
        kind="lecture", title="质量大讲堂", starts_at=starts, ends_at=starts
    )
    venue = Venue.objects.create(event=event, name="报告厅", capacity=30)
    registration = Registration.objects.create(
        event=event, venue=venue, name="李明", phone="+8613812345678", status="confirmed"
    )
    unit = make_unit()
    program = Program.objects.create(key="tech", code="TECH", name="质量技术奖")
    round_ = Round.objects.create(
        program=program,
        rubric=Rubric.objects.create(name="评价细则"),
        year=2025,
        title="2025年质量技术奖",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    application = Application.objects.create(
        round=round_,
        applicant_unit=unit,
        created_by=make_person("applicant", unit=unit, role=Role.REPORTER),
        holder_name=unit.name,
        title="焊装质量在线监控",
    )
    return registration, application


def _rows(model, owner: str, columns: list[str]) -> list[tuple]:
    return [tuple(row) for row in model.objects.order_by("pk").values_list(owner, *columns)]


COLUMNS = ["label", "label_zh_hant", "label_en", "kind", "choices", "required"]


# Transactional: SQLite changes a table's shape only outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_questions_form_fields_and_their_answers_survive_the_move_to_core():
    registration, application = _owners()
    try:
        old = _migrate(BEFORE)
        old_question, old_field = (
            old.get_model("events", "Question"),
            old.get_model("awards", "FormField"),
        )
        asked = [
            old_question.objects.create(
                event_id=registration.event_id,
                label=label,
                label_zh_hant=hant,
                label_en=english,
                kind=kind,
                choices=choices,
                required=required,
                order=order,
            )
            for label, hant, english, kind, choices, required, order in EVENT_QUESTIONS
        ]
        fields = [
            old_field.objects.create(
                round_id=application.round_id,
                label=label,
                label_zh_hant=hant,
                label_en=english,
                kind=kind,
                choices=choices,
                required=required,
                position=position,
            )
            for label, hant, english, kind, choices, required, position in ROUND_FIELDS
        ]
        registration_answers = {
            f"q{asked[0].pk}": "50–300人",
            f"q{asked[1].pk}": "数据驱动的质量管理",
            f"q{asked[2].pk}": "no",
        }
        application_answers = {
            str(fields[0].pk): "质量改进",
            str(fields[1].pk): "2022",
            str(fields[2].pk): "第一段\n第二段",
        }
        old.get_model("events", "Registration").objects.filter(pk=registration.pk).update(
            answers=registration_answers
        )
        old.get_model("awards", "Application").objects.filter(pk=application.pk).update(
            answers=application_answers
        )
        questions_before = _rows(old_question, "event_id", [*COLUMNS, "order"])
        fields_before = _rows(old_field, "round_id", [*COLUMNS, "position"])

        _migrate(AFTER)

        assert _rows(Question, "event_id", [*COLUMNS, "position"]) == questions_before
        assert _rows(FormField, "round_id", [*COLUMNS, "position"]) == fields_before
        registration.refresh_from_db()
        application.refresh_from_db()
        assert registration.answers == registration_answers
        assert application.answers == application_answers
        # … and they read as before, through core's display.
        size, _topics, first = Question.objects.filter(event_id=registration.event_id)
        assert first.display_answer(registration.answers[f"q{first.pk}"]) == "否"
        with translation.override("en"):
            assert size.display_label == "Company size"
    finally:
        executor = Executor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

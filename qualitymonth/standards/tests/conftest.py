"""Standards fixtures: a standard taken through the services as the secretariat would."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_unit
from qualitymonth.standards import services
from qualitymonth.standards.services import ClauseLine

CLAUSES = [
    ClauseLine("1", "范围", "本文件规定了生产现场管理的要求。"),
    ClauseLine(
        "2", "规范性引用文件", "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。"
    ),
    ClauseLine("3", "术语和定义"),
    ClauseLine("3.1", "生产现场", "从事产品生产的场所。"),
]


@pytest.fixture
def drafting_unit(db):
    return make_unit(key="biopharma", name="上海生物医药测试企业")


def drafted(actor, proposer, *, title="生物医药智能制造生产现场管理实施指南", drafting_units=()):
    standard = services.propose(
        actor=actor,
        proposer=proposer,
        title=title,
        scope="生物医药企业生产现场",
        reason="规范智能制造现场管理",
        drafting_units=drafting_units,
    )
    services.approve_proposal(
        actor=actor,
        standard=standard,
        plan_number=f"JH-{standard.pk}",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    services.add_version(actor=actor, standard=standard, clauses=CLAUSES, note="初稿")
    standard.refresh_from_db()
    return standard


def in_comment(actor, proposer, **kwargs):
    """Open for comment since yesterday, for 10 working days: open now."""
    standard = drafted(actor, proposer, **kwargs)
    opens = timezone.localdate() - datetime.timedelta(days=1)
    services.open_public_comment(actor=actor, standard=standard, opens_on=opens, working_days=10)
    standard.refresh_from_db()
    return standard


def close_comments(standard):
    """The period ended a minute ago."""
    type(standard).objects.filter(pk=standard.pk).update(
        comment_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    standard.refresh_from_db()


def reviewed(actor, proposer, decision="pass", **kwargs):
    standard = in_comment(actor, proposer, **kwargs)
    close_comments(standard)
    services.finalise_handling(actor=actor, standard=standard)
    services.record_review(actor=actor, standard=standard, decision=decision)
    standard.refresh_from_db()
    return standard


@pytest.fixture(autouse=True)
def _in_english(client, settings):
    """Messages are compared in English: the reader here chose English."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    translation.activate("en")

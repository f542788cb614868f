"""The standards' named figures for the year in figures."""

import datetime

from django.utils import timezone

from qualitymonth.standards import selectors, services
from qualitymonth.standards.figures import FIGURES
from qualitymonth.standards.tests.conftest import close_comments, in_comment


def test_the_year_counts_comments_received_and_accepted_and_standards_published(
    secretariat, enterprise, citizen, enterprise_admin
):
    standard = in_comment(secretariat, enterprise)
    clause = selectors.current_version(standard).clauses.get(number="1")
    comments = [
        services.add_comment(actor=citizen, clause=clause, kind="te", comment=text)
        for text in ("甲", "乙", "丙")
    ]
    close_comments(standard)
    for comment, decision in zip(comments, ("accepted", "partly", "not_accepted"), strict=True):
        services.answer_comment(actor=secretariat, comment=comment, decision=decision, reason="因")
    services.finalise_handling(actor=secretariat, standard=standard)
    services.record_review(actor=secretariat, standard=standard, decision="pass")
    year = timezone.localdate().year
    services.publish(
        actor=secretariat,
        standard=standard,
        approved_on=datetime.date(year, 1, 5),
        implemented_on=datetime.date(year, 2, 1),
    )
    services.declare_adoption(
        actor=enterprise_admin, standard=standard, unit=enterprise, reference="Q/SGM 1"
    )
    values = {figure.key: figure.compute(year) for figure in FIGURES}
    assert values == {
        "standards.published": 1,
        "standards.comments_received": 3,
        "standards.comments_accepted": 2,
        "standards.adopters": 1,
    }
    assert all(figure.compute(year - 5) == 0 for figure in FIGURES)

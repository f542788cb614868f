"""Tables for the secretariat: every raw score, and the results under the round's rule."""

from django.utils.translation import gettext as _

from qualitymonth.awards import selectors


def score_table(round_) -> tuple[list[str], list[list]]:
    header = [
        _("Application"),
        _("Name on the list"),
        _("Reviewer"),
        _("User name"),
        _("Criterion"),
        _("Points"),
        _("Maximum"),
        _("Weight"),
        _("Submitted"),
        _("Assignment"),
    ]
    rows = [
        [
            score.review.assignment.application_id,
            score.review.assignment.application.holder_name,
            str(score.review.assignment.reviewer),
            score.review.assignment.reviewer.username,
            score.criterion.name,
            score.points,
            score.criterion.max_points,
            score.criterion.weight,
            score.review.submitted_at,
            score.review.assignment.get_status_display(),
        ]
        for score in selectors.raw_scores(round_)
    ]
    return header, rows


def result_table(round_) -> tuple[list[str], list[list]]:
    header = [
        _("Rank"),
        _("Application"),
        _("Name on the list"),
        _("Title"),
        _("Reviews"),
        _("Mean"),
        _("Score under the round's rule"),
        _("Rule"),
        _("Grade"),
        _("Status"),
    ]
    rows = [
        [
            row.rank,
            row.application.pk,
            row.application.holder_name,
            row.application.title,
            row.reviews,
            None if row.mean is None else round(row.mean, 2),
            None if row.combined is None else round(row.combined, 2),
            row.rule_label,
            row.application.grade.name if row.application.grade else "",
            row.application.get_status_display(),
        ]
        for row in selectors.ranking_of(round_)
    ]
    return header, rows

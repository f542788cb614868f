"""What may no longer change once a round has moved on: the domain's rule, asked by the admin
and by anything else that edits programs, rubrics and rounds."""

from qualitymonth.awards.models import Round, RoundStatus, Rubric, Score

# The scoring rule is part of the published call: fixed from the moment the call is out.
ROUND_FIELDS_FIXED_AFTER_CALL = ("rubric", "aggregation", "trim_from", "program", "year")


def rubric_in_use(rubric: Rubric) -> bool:
    """Scores were given against this rubric's criteria: changing them would change results."""
    return Score.objects.filter(criterion__rubric=rubric).exists()


def fixed_round_fields(round: Round) -> tuple[str, ...]:
    """The fields of `round` that can no longer change."""
    if round.status == RoundStatus.DRAFT:
        return ()
    return ROUND_FIELDS_FIXED_AFTER_CALL

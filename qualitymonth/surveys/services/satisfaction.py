"""The satisfaction model, estimated once by the secretariat's action and stored."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.surveys.models import Round
from qualitymonth.surveys.models.results import SatisfactionRun
from qualitymonth.surveys.satisfaction import satisfaction_model


def compute_satisfaction(*, round_: Round, actor) -> SatisfactionRun:
    """Estimate with the round's setting; the same answers and setting give back the stored run."""
    round_ = Round.objects.get(pk=round_.pk)
    latest = round_.satisfaction_runs.order_by("-created_at", "-pk").first()
    if (
        latest is not None
        and latest.answers_revision == round_.answers_revision
        and latest.scaled == round_.pls_scaled
    ):
        return latest
    # The estimation runs outside the transaction: seconds of bootstrap hold no lock.
    model = satisfaction_model(round_, scaled=round_.pls_scaled)
    if model is None:
        raise ValidationError(
            _(
                "The satisfaction model needs the questionnaire's satisfaction items "
                "and at least 30 complete responses."
            ),
            code="no_model",
        )
    with transaction.atomic():
        run = SatisfactionRun.objects.create(
            round=round_,
            scaled=round_.pls_scaled,
            answers_revision=round_.answers_revision,
            respondents=model["respondents"],
            model=model,
            negative_weights=model["negative_weights"],
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        log_action(
            actor=actor,
            action="surveys.satisfaction.compute",
            obj=run,
            changes={
                "scaled": run.scaled,
                "respondents": run.respondents,
                "negative_weights": [w["item"] for w in run.negative_weights],
            },
        )
    return run

"""Instruments from an uploaded XLSForm; nothing is stored from a form with errors."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.surveys import xlsform
from qualitymonth.surveys.models import Evaluation, Instrument, Question

MAX_FORM_BYTES = 5 * 1024 * 1024


def read_xlsform(upload) -> tuple[dict, list[xlsform.ParsedQuestion]]:
    """The form's definition and questions, or a ValidationError with sheet, row and message."""
    if upload.size > MAX_FORM_BYTES:
        raise ValidationError(
            {"file": _("The form is larger than %(limit)s MB.") % {"limit": 5}}, code="too_large"
        )
    upload.seek(0)
    try:
        return xlsform.parse(upload.read(), upload.name)
    except xlsform.XLSFormError as error:
        # Every problem at once, each with its sheet and row.
        raise ValidationError({"file": error.describe_all()}) from None


@transaction.atomic
def create_instrument(
    *, evaluation: Evaluation, kind: str, title: str, upload, actor
) -> Instrument:
    definition, questions = read_xlsform(upload)
    instrument = Instrument.objects.create(
        evaluation=evaluation,
        kind=kind,
        title=title or definition.get("title", "")[:200],
        source_name=upload.name[:200],
        definition=definition,
    )
    Question.objects.bulk_create(
        Question(instrument=instrument, **vars(question)) for question in questions
    )
    log_action(
        actor=actor,
        action="surveys.instrument.create",
        obj=instrument,
        changes={"file": upload.name, "questions": len(questions)},
    )
    return instrument

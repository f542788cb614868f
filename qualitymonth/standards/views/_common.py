"""What the standards views share: a service's refusal shown as messages, dates from forms."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError


def errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def date(value: str):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None

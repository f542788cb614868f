from django import template

from qualitymonth.core.masking import mask_phone
from qualitymonth.core.phones import national

register = template.Library()


@register.filter
def masked(phone: str, show: bool = False) -> str:
    return national(phone) if show else mask_phone(phone)


@register.filter
def answer_to(registration, question) -> str:
    """The answer as people read it: 是/否 rather than the stored "yes"/"no"."""
    return question.display_answer(registration.answers.get(f"q{question.pk}", ""))

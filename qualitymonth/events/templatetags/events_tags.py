from django import template

from qualitymonth.events.exports import mask_phone

register = template.Library()


@register.filter
def masked(phone: str, show: bool = False) -> str:
    return phone if show else mask_phone(phone)


@register.filter
def answer_to(registration, question) -> str:
    return registration.answers.get(f"q{question.pk}", "")

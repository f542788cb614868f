"""The admin's inline for custom questions, the same columns in every app."""

from django.contrib import admin


class CustomQuestionInline(admin.TabularInline):
    extra = 0
    fields = [
        "position",
        "label",
        "label_en",
        "kind",
        "choices",
        "choices_en",
        "required",
        "help_text",
        "help_text_en",
    ]

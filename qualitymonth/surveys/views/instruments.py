"""The instrument editor: a form made or changed on the web, and any instrument as an XLSForm."""

import contextlib

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from qualitymonth.core.permissions import permission_required
from qualitymonth.core.versions import StaleVersion
from qualitymonth.surveys.forms_editor import (
    MAX_QUESTIONS,
    InstrumentMetaForm,
    QuestionFormSet,
    question_initial,
)
from qualitymonth.surveys.models import Evaluation, Instrument
from qualitymonth.surveys.services import instrument_editor as editor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREFIX = "q"


@permission_required("surveys.manage")
def instrument_new(request, key):
    evaluation = get_object_or_404(Evaluation, key=key)
    return _editor(request, evaluation, None)


@permission_required("surveys.manage")
def instrument_edit(request, pk):
    instrument = get_object_or_404(Instrument.objects.select_related("evaluation"), pk=pk)
    return _editor(request, instrument.evaluation, instrument)


@permission_required("surveys.manage")
def instrument_xlsx(request, pk):
    instrument = get_object_or_404(Instrument.objects.select_related("evaluation"), pk=pk)
    response = HttpResponse(editor.instrument_xlsx(instrument), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{instrument.evaluation.key}-instrument-{instrument.pk}.xlsx"'
    )
    return response


def _with_one_more_row(data):
    """Without JavaScript, “Add a question” posts the page back with one more empty row."""
    data = data.copy()
    key = f"{PREFIX}-TOTAL_FORMS"
    with contextlib.suppress(ValueError):
        data[key] = str(min(int(data.get(key, 0)) + 1, MAX_QUESTIONS))
    return data


def _summary(meta, formset) -> list[str]:
    """Every mistake as one sentence naming the row and field, above the form."""
    lines = [
        f"{meta.fields[name].label}: {message}" if name in meta.fields else message
        for name, errors in meta.errors.items()
        for message in errors
    ]
    lines += list(formset.non_form_errors())
    for index, form in enumerate(formset.forms):
        if formset.is_deleted(form):
            continue
        name = (form["name"].value() or "").strip()
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            lines += [editor.describe(index + 1, name, label, message) for message in errors]
    return lines


def _editor(request, evaluation, instrument):
    items = editor.indicator_items(evaluation)
    used = editor.rounds_with_answers(instrument) if instrument else []
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    data = _with_one_more_row(request.POST) if action == "add" else (request.POST or None)
    meta = InstrumentMetaForm(
        data,
        initial={
            "title": instrument.title,
            "kind": instrument.kind,
            "version": editor.editor_version(instrument),
        }
        if instrument
        else None,
    )
    formset = QuestionFormSet(
        data,
        items=items,
        prefix=PREFIX,
        initial=[question_initial(q) for q in instrument.questions.all()] if instrument else None,
    )
    if instrument is None:
        formset.extra = 3
    problems, refused, status = [], "", 200
    if action in ("save", "copy"):
        if meta.is_valid() and formset.is_valid():
            saved = _save(request, evaluation, instrument, meta, formset, action)
            if isinstance(saved, Instrument):
                return redirect("surveys:instrument_edit", pk=saved.pk)
            if isinstance(saved, editor.InstrumentInUse):
                refused, status = str(saved), 409
            elif isinstance(saved, StaleVersion):
                # Another save came first: this one is refused; a copy can still keep it.
                refused, status = saved.messages[0], 409
            else:
                problems = saved
        if status == 200:
            problems, status = [*_summary(meta, formset), *problems], 400
    return render(
        request,
        "surveys/instrument_editor.html",
        {
            "evaluation": evaluation,
            "instrument": instrument,
            "meta": meta,
            "formset": formset,
            "rows": list(enumerate(formset.forms, start=1)),
            "used": [round_.year for round_ in used],
            "refused": refused,
            "problems": problems,
            "show_errors": action in ("save", "copy"),
        },
        status=status,
    )


def _save(request, evaluation, instrument, meta, formset, action):
    """The saved instrument, the refusal, or the mistakes not tied to a row."""
    fields = {
        "kind": meta.cleaned_data["kind"],
        "title": meta.cleaned_data["title"],
        "questions": formset.questions(),
        "actor": request.user,
    }
    try:
        if instrument is None or action == "copy":
            saved = editor.create_from_editor(evaluation=evaluation, copy_of=instrument, **fields)
        else:
            saved = editor.update_from_editor(
                instrument=instrument, version=meta.cleaned_data["version"], **fields
            )
    except (editor.InstrumentInUse, StaleVersion) as refusal:
        return refusal
    except editor.InstrumentEditorError as error:
        general = []
        for problem in error.problems:
            if problem.row is None:
                general.append(problem.describe())
                continue
            form = formset.forms[problem.row - 1]
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        return general
    if instrument is None:
        messages.success(request, _("The instrument is stored."))
    elif saved.pk != instrument.pk:
        messages.success(
            request,
            _(
                "Saved as a new instrument, “%(title)s”; the original is unchanged. "
                "Point a round at it to use it."
            )
            % {"title": saved.title},
        )
    else:
        messages.success(request, _("The instrument is saved."))
    return saved

"""The indicator system page (weights by hand or AHP, XLSX out and in) and the frame import."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitymonth.core.imports_jobs import RepeatedFile, start_import
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.versions import VERSION_FIELD, StaleVersion
from qualitymonth.surveys.forms import TableUploadForm
from qualitymonth.surveys.models import Evaluation, IndicatorSystem, Level, Weighting
from qualitymonth.surveys.services import systems
from qualitymonth.surveys.services.frame import SiteImporter
from qualitymonth.surveys.services.system_import import SystemImporter
from qualitymonth.surveys.views.imports import queue_upload
from qualitymonth.surveys.weights import ahp


def _groups(system: IndicatorSystem) -> list[dict]:
    """Each parent (the system itself for the dimensions) with its children and weighting."""
    nodes = list(system.nodes.order_by("position", "code"))
    groups = [
        {
            "parent": None,
            "label": _("Dimensions"),
            "weighting": system.weighting,
            "matrix": system.ahp_matrix,
        }
    ]
    groups += [
        {
            "parent": n,
            "label": f"{n.code} {n.display_name}",
            "weighting": n.weighting,
            "matrix": n.ahp_matrix,
        }
        for n in nodes
        if n.level != Level.ITEM
    ]
    for group in groups:
        # The stored value ("equal") shown as its label in the reader's language.
        group["weighting_label"] = Weighting(group["weighting"]).label
        parent_id = group["parent"].pk if group["parent"] else None
        group["children"] = [n for n in nodes if n.parent_id == parent_id]
        group["key"] = group["parent"].code if group["parent"] else "_"
        group["version"] = systems.group_version(group["parent"] or system, group["children"])
        if group["matrix"]:
            group["ahp"] = ahp(group["matrix"])
    return [g for g in groups if g["children"]]


@permission_required("surveys.manage")
def system_detail(request, pk):
    system = get_object_or_404(IndicatorSystem.objects.select_related("evaluation"), pk=pk)
    errors, status = {}, 200
    if request.method == "POST":
        key = request.POST.get("group", "")
        parent = None if key == "_" else system.nodes.filter(code=key).first()
        version = request.POST.get(VERSION_FIELD, "")
        try:
            if request.POST.get("action") == "new_version":
                copy = systems.new_version(system=system, actor=request.user)
                messages.success(
                    request, _("Version %(v)s is ready to edit.") % {"v": copy.version}
                )
                return redirect("surveys:system", pk=copy.pk)
            if request.POST.get("action") == "ahp":
                matrix = json.loads(request.POST.get("matrix") or "null")
                result = systems.set_ahp(
                    system=system, parent=parent, matrix=matrix, actor=request.user, version=version
                )
                messages.success(
                    request,
                    _("Weights set by AHP; consistency ratio %(cr).3f.") % {"cr": result.cr},
                )
            else:
                weights = {k[len("w-") :]: v for k, v in request.POST.items() if k.startswith("w-")}
                systems.set_weights(
                    system=system,
                    parent=parent,
                    weights=weights,
                    actor=request.user,
                    version=version,
                )
                messages.success(request, _("The weights are saved."))
            return redirect("surveys:system", pk=pk)
        except json.JSONDecodeError:
            errors[key], status = (
                [_("Enter the comparisons as a table of numbers, e.g. [[1, 3], [0.3333, 1]].")],
                400,
            )
        except StaleVersion as error:
            # Another tab saved this group first: its weights stay, and the page shows them.
            errors[key], status = error.messages, 409
        except ValidationError as error:
            errors[key], status = error.messages, 400
        system.refresh_from_db()
    groups = _groups(system)
    for group in groups:
        group["errors"] = errors.get(group["key"], [])
    return render(
        request,
        "surveys/system.html",
        {"system": system, "groups": groups, "rounds": system.rounds.all()},
        status=status,
    )


@permission_required("surveys.manage")
def system_xlsx(request, pk):
    system = get_object_or_404(IndicatorSystem.objects.select_related("evaluation"), pk=pk)
    response = HttpResponse(
        systems.system_xlsx(system),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{system.evaluation.key}-v{system.version}.xlsx"'
    )
    return response


class SystemImportForm(forms.Form):
    REPLACE, NEW_VERSION = "replace", "new_version"

    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    mode = forms.ChoiceField(
        label=gettext_lazy("What the file does"),
        choices=[
            (REPLACE, gettext_lazy("Replace the hierarchy of this version")),
            (NEW_VERSION, gettext_lazy("Make a new version from the file")),
        ],
        widget=forms.RadioSelect,
    )


@permission_required("surveys.manage")
def system_import(request, pk):
    """The system's XLSX (or CSV) back in, through the worker: the file's limits and heading are
    checked here, then the job's page shows its progress, every bad row, or the new hierarchy."""
    system = get_object_or_404(IndicatorSystem.objects.select_related("evaluation"), pk=pk)
    refused, repeated = [], None
    if request.method == "POST":
        form = SystemImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = start_import(
                    importer=SystemImporter,
                    actor=request.user,
                    owner="",
                    target=system.pk,
                    upload=form.cleaned_data["file"],
                    options={
                        "as_new_version": form.cleaned_data["mode"] == SystemImportForm.NEW_VERSION
                    },
                    again=request.POST.get("import_again") == "on",
                )
            except RepeatedFile as error:
                refused, repeated = error.messages, error.earlier
            except ValidationError as error:
                refused = error.messages
            else:
                return redirect("import_job", pk=job.pk)
    else:
        mode = SystemImportForm.NEW_VERSION if system.frozen_at else SystemImportForm.REPLACE
        form = SystemImportForm(initial={"mode": mode})
    return render(
        request,
        "surveys/system_import.html",
        {"system": system, "form": form, "refused": refused, "repeated": repeated},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("surveys.manage")
def sites_import(request, key):
    evaluation = get_object_or_404(Evaluation, key=key)
    form = TableUploadForm(request.POST or None, request.FILES or None)
    refused, repeated = queue_upload(
        request, form, importer=SiteImporter, owner="", target=evaluation.pk
    )
    if isinstance(refused, HttpResponseRedirect):
        return refused
    return render(
        request,
        "surveys/sites_import.html",
        {
            "evaluation": evaluation,
            "form": form,
            "refused": refused,
            "repeated": repeated,
            "sites": evaluation.sites.count(),
        },
        status=400 if refused else 200,
    )

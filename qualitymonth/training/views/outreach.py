"""质量宣讲团 (lecturers and talk requests) and 质成长 (students registered by schools)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.permissions import permission_required
from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.organizations.selectors import staff_unit_ids
from qualitymonth.training.models import Lecturer, Student, TalkRequest, TalkStatus
from qualitymonth.training.services import outreach as services


def _errors_on(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Active lecturers: training's rows only, nothing that changes with the clock.
@anonymous_page("training")
def lecturers(request):
    return render(
        request,
        "training/lecturers.html",
        {"lecturers": Lecturer.objects.filter(is_active=True).order_by("name", "pk")},
    )


class TalkForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200)
    wanted_on = forms.DateField(
        label=gettext_lazy("Date wanted"), widget=forms.DateInput(attrs={"type": "date"})
    )
    audience_size = forms.IntegerField(
        label=gettext_lazy("Audience size"), min_value=1, max_value=100000
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@permission_required("training.request_talk")
def request_talk(request):
    units = Unit.objects.filter(pk__in=staff_unit_ids(request.user))
    form = TalkForm(request.POST or None)
    form.fields["unit"].queryset = units
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_talk(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors_on(form, error)
            else:
                messages.success(request, _("Your request was sent to the secretariat."))
                return redirect("training:request_talk")
        status = 400
    return render(
        request,
        "training/request_talk.html",
        {
            "form": form,
            "requests": TalkRequest.objects.filter(unit__in=units).select_related(
                "unit", "lecturer"
            ),
        },
        status=status,
    )


@permission_required("training.manage")
def talk_requests(request):
    return render(
        request,
        "training/talk_requests.html",
        {
            "requests": TalkRequest.objects.select_related("unit", "lecturer").order_by(
                "status", "wanted_on", "pk"
            ),
            "lecturers": Lecturer.objects.filter(is_active=True),
            "requested": TalkStatus.REQUESTED,
        },
    )


@permission_required("training.manage")
@require_POST
def assign_talk(request, pk):
    talk = get_object_or_404(TalkRequest, pk=pk)
    lecturer = Lecturer.objects.filter(pk=request.POST.get("lecturer") or 0).first()
    if lecturer is None:
        messages.error(request, _("Choose a lecturer."))
        return redirect("training:talk_requests")
    try:
        services.assign_lecturer(actor=request.user, talk=talk, lecturer=lecturer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The lecturer is assigned; the talk is an event now."))
    return redirect("training:talk_requests")


class StudentForm(forms.Form):
    school = forms.ModelChoiceField(label=gettext_lazy("School"), queryset=Unit.objects.none())
    name = forms.CharField(label=gettext_lazy("Student's name"), max_length=100)
    birth_date = forms.DateField(
        label=gettext_lazy("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    guardian_name = forms.CharField(
        label=gettext_lazy("Guardian's name"), max_length=100, required=False
    )
    guardian_phone = forms.CharField(
        label=gettext_lazy("Guardian's phone"), max_length=30, required=False
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "The guardian has consented to the student's data being kept for the programme"
        ),
        required=False,
    )


def _schools(user):
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL)
    if user.has_perm("training.manage"):
        return schools
    return schools.filter(pk__in=staff_unit_ids(user))


@permission_required("training.register_students")
def students(request):
    schools = _schools(request.user)
    form = StudentForm(request.POST or None)
    form.fields["school"].queryset = schools
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.register_student(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors_on(form, error)
            else:
                messages.success(request, _("The student is registered."))
                return redirect("training:students")
        status = 400
    return render(
        request,
        "training/students.html",
        {
            "form": form,
            "students": Student.objects.filter(school__in=schools).select_related("school"),
        },
        status=status,
    )

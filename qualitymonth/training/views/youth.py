"""质成长 for teachers: a teacher (acting for a school) keeps the school's classes, registers
their students (a child's data only with the guardian's consent) and enrols a whole class in
a course or a training class."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitymonth.core.permissions import permission_required
from qualitymonth.training import selectors_youth as selectors
from qualitymonth.training.services import outreach as services
from qualitymonth.training.views.outreach import StudentForm, _errors_on


class SchoolClassForm(forms.Form):
    school = forms.ModelChoiceField(label=gettext_lazy("School"), queryset=None)
    name = forms.CharField(
        label=gettext_lazy("Class name"),
        max_length=100,
        help_text=gettext_lazy("As the school names it, e.g. 初二(3)班."),
    )


class ClassStudentForm(StudentForm):
    school = None  # the school class's own


class EnrolClassForm(forms.Form):
    course = forms.ModelChoiceField(label=gettext_lazy("Course"), queryset=None, required=False)
    training_class = forms.ModelChoiceField(
        label=gettext_lazy("or a training class"), queryset=None, required=False
    )


@permission_required("training.register_students")
def school_classes(request):
    form = SchoolClassForm(request.POST or None)
    form.fields["school"].queryset = selectors.schools_of(request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                school_class = services.add_school_class(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors_on(form, error)
            else:
                messages.success(request, _("The class is added: register its students."))
                return redirect("training:school_class", school_class.pk)
        status = 400
    return render(
        request,
        "training/school_classes.html",
        {"form": form, "classes": selectors.school_classes_of(request.user)},
        status=status,
    )


@login_required
def school_class(request, pk):
    # Not the school's teacher: 404, as if there were no such class.
    school_class = selectors.get_school_class_for(request.user, pk)
    student_form = ClassStudentForm(request.POST if "register" in request.POST else None)
    enrol_form = EnrolClassForm(request.POST if "enrol" in request.POST else None)
    enrol_form.fields["course"].queryset = selectors.open_courses()
    enrol_form.fields["training_class"].queryset = selectors.open_classes()
    status = 200
    if "register" in request.POST:
        if student_form.is_valid():
            try:
                services.register_student(
                    actor=request.user,
                    school=school_class.school,
                    school_class=school_class,
                    **student_form.cleaned_data,
                )
            except ValidationError as error:
                _errors_on(student_form, error)
            else:
                messages.success(request, _("The student is registered."))
                return redirect("training:school_class", school_class.pk)
        status = 400
    elif "enrol" in request.POST:
        if enrol_form.is_valid():
            try:
                result = services.enrol_school_class(
                    actor=request.user, school_class=school_class, **enrol_form.cleaned_data
                )
            except ValidationError as error:
                _errors_on(enrol_form, error)
            else:
                _report(request, result)
                return redirect("training:school_class", school_class.pk)
        status = 400
    return render(
        request,
        "training/school_class.html",
        {
            "school_class": school_class,
            "students": selectors.students_of(school_class),
            "enrolments": selectors.enrolments_of(school_class),
            "student_form": student_form,
            "enrol_form": enrol_form,
        },
        status=status,
    )


def _report(request, result: dict) -> None:
    def names(students):
        return "、".join(student.name for student in students)

    if result["enrolled"]:
        messages.success(request, _("Enrolled: %(names)s.") % {"names": names(result["enrolled"])})
    if result["already"]:
        messages.info(
            request, _("Already enrolled: %(people)s.") % {"people": names(result["already"])}
        )

"""The citizen's side: what can be asked, filing, the thanks page, tracking, the case page;
and staff writing down a phone call or a visit with the same form.

A case page opens for its signed-in filer or for a browser that gave its number and phone
this session; anyone else gets 404, so a number alone reveals nothing.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.clients import client_address, client_digest, over_limit
from qualitymonth.core.forms import save_with
from qualitymonth.core.masking import mask_id, mask_phone
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.text import join_list
from qualitymonth.enquiries import selectors
from qualitymonth.enquiries.forms import (
    InformationForm,
    RatingForm,
    StaffSubmissionForm,
    SubmissionForm,
    TrackForm,
)
from qualitymonth.enquiries.models import Channel, TimeLimit
from qualitymonth.enquiries.services import handling
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.statuses import Kind, is_open

TOO_MANY = 429


def index(request):
    categories = list(selectors.offered_categories())
    return render(
        request,
        "enquiries/public/index.html",
        {
            "categories": categories,
            "kinds_list": Kind.choices,
            "limits": {limit.step: limit for limit in TimeLimit.objects.all()},
            "mine": selectors.cases_filed_by(request.user)[:20],
        },
    )


def _initial(request) -> dict:
    initial = {}
    code = request.GET.get("category", "").replace("\x00", "")  # PostgreSQL refuses NUL
    category = selectors.offered_categories().filter(code=code).first()
    if category is not None:
        initial["category"] = category
    if request.GET.get("kind") in Kind.values:
        initial["kinds"] = [request.GET["kind"]]
    if request.user.is_authenticated:
        initial.update(name=request.user.get_full_name(), email=request.user.email)
    return initial


def _form_page(request, form, template, status=200):
    categories = list(form.fields["category"].queryset)
    context = {
        "form": form,
        "sections": form.sections(),
        "categories": categories,
        "tracks": selectors.category_tracks(categories),
        "kinds_list": Kind.choices,
    }
    return render(request, template, context, status=status)


def _remember(request, cases) -> None:
    """This browser may open these cases (filed or proved here)."""
    allowed = selectors.proved_case_ids(request.session) | {case.pk for case in cases}
    request.session[selectors.SESSION_KEY] = sorted(allowed)


def _file(form, **values):
    """The cases filed from a valid form, or None with the service's objections on the form."""
    try:
        return file_submission(**form.service_values(), **values)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


def new(request):
    """File a question, complaint or report; anonymous filers are limited per connection."""
    form = SubmissionForm(request.POST or None, request.FILES or None, initial=_initial(request))
    template = "enquiries/public/new.html"
    if request.method != "POST":
        return _form_page(request, form, template)
    if request.POST.get("website"):
        form.add_error(None, _("This submission looks automated and was not accepted."))
        return _form_page(request, form, template, status=400)
    if not form.is_valid():
        return _form_page(request, form, template, status=400)
    if not request.user.is_authenticated and over_limit(
        request, group="enquiries.file", rate=settings.ENQUIRY_RATE
    ):
        form.add_error(
            None,
            _(
                "Too many submissions from your connection. Please try again in an hour, "
                "sign in, or call the 12315 hotline."
            ),
        )
        return _form_page(request, form, template, status=TOO_MANY)

    cases = _file(
        form,
        channel=Channel.WEB,
        actor=request.user,
        client_digest=client_digest(client_address(request)),
    )
    if cases is None:
        return _form_page(request, form, template, status=400)
    _remember(request, cases)
    request.session[selectors.FILED_KEY] = [case.number for case in cases]
    return redirect("enquiries:thanks")


def thanks(request):
    cases = selectors.cases_by_numbers(request.session.get(selectors.FILED_KEY, []))
    allowed = selectors.proved_case_ids(request.session)
    cases = [case for case in cases if case.pk in allowed]
    if not cases:
        return redirect("enquiries:index")
    submission = cases[0].submission
    return render(
        request,
        "enquiries/public/thanks.html",
        {
            "cases": [(case, selectors.running_clock(case)) for case in cases],
            "masked_phone": mask_phone(submission.phone) if submission.phone else "",
            "email": submission.email,
        },
    )


def track(request):
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        rate = settings.ENQUIRY_TRACK_RATE
        if over_limit(request, group="enquiries.track", rate=rate):
            form.add_error(None, _("Too many attempts from your connection. Please try later."))
            status = TOO_MANY
        elif form.is_valid():
            data = form.cleaned_data
            case = selectors.case_for_check(data["number"], data["phone"])
            if case is not None:
                _remember(request, case.submission.cases.all())
                return redirect(case)
            form.add_error(None, _("There is no case with this number and phone number."))
            status = 400
        else:
            status = 400
    return render(
        request,
        "enquiries/public/track.html",
        {"form": form, "mine": selectors.cases_filed_by(request.user)[:50]},
        status=status,
    )


def desk_url(case) -> str | None:
    """The staff page of the case, once the desk offers one."""
    for arg in (case.number, case.pk):
        try:
            return reverse("enquiries:desk_case", args=[arg])
        except NoReverseMatch:
            continue
    return None


def _case_or_404(request, number):
    """The case and whether the viewer is its filer; staff who handle it may look too."""
    case = selectors.case_by_number(number)
    if case is None:
        raise Http404
    filer = selectors.is_filer(request.user, request.session, case)
    if not filer and not request.user.has_perm("enquiries.view_case", case):
        raise Http404
    return case, filer


def case_page(request, number, information=None, rating=None, status=200):
    case, filer = _case_or_404(request, number)
    if request.user.has_perm("enquiries.view_case", case):
        url = desk_url(case)
        if url:
            return redirect(url)
    submission = case.submission
    closed = not is_open(case.status)
    can_write = filer and submission.erased_at is None
    context = {
        "case": case,
        "filer": filer,
        "submission": submission if filer else None,
        "masked_id": mask_id(submission.id_number) if filer and submission.id_number else "",
        "history": selectors.public_history(case),
        "clock": selectors.running_clock(case),
        "files": selectors.filed_attachments(case) if filer else [],
        "siblings": selectors.other_cases_of_submission(case) if filer else [],
        "closed": closed,
        # A form sent back with its errors is shown even where a fresh one would not be.
        "information_form": information or (InformationForm() if can_write else None),
        "rating_form": rating
        or (RatingForm() if can_write and closed and case.rating is None else None),
    }
    return render(request, "enquiries/public/case.html", context, status=status)


def _writes_spent(request, form) -> bool:
    """A citizen who proved a case writes to it without signing in: counted per connection,
    like tracking, so a proved session cannot be used to flood a case with files."""
    if request.user.is_authenticated:
        return False
    if not over_limit(request, group="enquiries.case_write", rate=settings.ENQUIRY_TRACK_RATE):
        return False
    form.is_valid()  # the form keeps what was typed; nothing is stored
    form.add_error(None, _("Too many attempts from your connection. Please try later."))
    return True


def _filer_case(request, number):
    case, filer = _case_or_404(request, number)
    if not filer:
        raise Http404  # staff answer on the desk, not as the citizen
    return case


@require_POST
def add_information(request, number):
    case = _filer_case(request, number)
    form = InformationForm(request.POST, request.FILES)
    if _writes_spent(request, form):
        return case_page(request, number, information=form, status=TOO_MANY)
    late = not is_open(case.status)
    done = (
        _("The case is closed; what you added has been forwarded to the handling unit.")
        if late
        else _("Your information has been added to the case.")
    )

    def add(data):
        return handling.add_information(
            case=case, text=data["text"], files=data["attachments"], actor=request.user
        )

    if save_with(request, form, add, done) is None:
        return case_page(request, number, information=form, status=400)
    return redirect(case)


@require_POST
def rate(request, number):
    case = _filer_case(request, number)
    form = RatingForm(request.POST)
    if _writes_spent(request, form):
        return case_page(request, number, rating=form, status=TOO_MANY)

    def store(data):
        return handling.rate(
            case=case, rating=data["rating"], comment=data["comment"], actor=request.user
        )

    if save_with(request, form, store, _("Thank you for rating the handling.")) is None:
        return case_page(request, number, rating=form, status=400)
    return redirect(case)


def case_file(request, number, pk):
    case, _filer = _case_or_404(request, number)
    attachment = selectors.case_attachment(case, pk)
    if attachment is None or not attachment.file:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=attachment.name,
    )


@permission_required("enquiries.desk")
def record(request):
    """Staff write down a call or a visit: the same checks, the channel, and who recorded it."""
    form = StaffSubmissionForm(request.POST or None, request.FILES or None)
    template = "enquiries/public/record.html"
    if request.method != "POST":
        return _form_page(request, form, template)
    if not form.is_valid():
        return _form_page(request, form, template, status=400)
    cases = _file(form, channel=form.cleaned_data["channel"], actor=request.user)
    if cases is None:
        return _form_page(request, form, template, status=400)
    _remember(request, cases)
    messages.success(
        request,
        _("Recorded as %(numbers)s. Read the number to the citizen.")
        % {"numbers": join_list(case.number for case in cases)},
    )
    return redirect(cases[0])  # the case page sends staff who handle it on to the desk

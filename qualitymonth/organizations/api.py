from datetime import date
from functools import wraps

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer
from pydantic import ConfigDict

from qualitymonth.core.api_auth import ANYONE
from qualitymonth.core.api_schema import ErrorOut, Id
from qualitymonth.core.cache import fragment
from qualitymonth.core.pagination import BoundedPages, LazyList
from qualitymonth.organizations import selectors, services
from qualitymonth.organizations.forms import UnitForm
from qualitymonth.organizations.models import Unit, UnitKind

router = Router(tags=["units"])


class MembershipOut(Schema):
    association_id: int
    level: str
    joined_on: date | None
    industry_group_id: int | None


class UnitOut(Schema):
    id: int
    key: str
    kind: str
    kind_label: str
    name: str
    name_zh_hant: str
    name_en: str
    display_name: str
    short_name: str
    parent_id: int | None
    district_id: int | None
    credit_code: str
    memberships: list[MembershipOut]


class ContactsOut(Schema):
    contact_person: str
    phone: str
    email: str
    address: str
    website: str


class UnitDetailOut(UnitOut):
    description: str
    contacts: ContactsOut | None


class UnitFilters(Schema):
    q: str = ""
    kind: UnitKind | None = None
    level: str = ""
    parent: Id | None = None
    district: Id | None = None


class UnitIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: str | None = None
    parent: Id | None = None
    district: Id | None = None
    key: str | None = None
    name: str | None = None
    name_zh_hant: str | None = None
    name_en: str | None = None
    short_name: str | None = None
    credit_code: str | None = None
    division_code: str | None = None
    contact_person: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None
    description: str | None = None


def _out(unit: Unit, *, detail: bool = False, viewer=None) -> dict:
    data = {
        "id": unit.pk,
        "key": unit.key,
        "kind": unit.kind,
        "kind_label": unit.get_kind_display(),
        "name": unit.name,
        "name_zh_hant": unit.name_zh_hant,
        "name_en": unit.name_en,
        "display_name": unit.display_name,
        "short_name": unit.short_name,
        "parent_id": unit.parent_id,
        "district_id": unit.district_id,
        "credit_code": unit.credit_code,
        "memberships": list(unit.memberships.all()),
    }
    if detail:
        data["description"] = unit.description
        data["contacts"] = (
            {f: getattr(unit, f) for f in ContactsOut.model_fields}
            if viewer.has_perm("organizations.view_unit_contacts", unit)
            else None
        )
    return data


def _form_errors(form) -> dict:
    return {
        "detail": _("The unit was not saved."),
        "errors": [
            {"field": None if field == "__all__" else field, "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ],
    }


_JSON = JSONRenderer()  # the API's renderer (ninja's default)


def _kept_as_json(view):
    """The list's whole answer kept in the cache as JSON text, keyed by the filters, the page,
    the language and the units' data version (core/cache.py). The list is the same for everyone
    (contacts are only in a unit's detail); checking and validating 50 units' output schema on
    every call cost four times what the rest of the call does, and a page served from the cache
    neither builds the query nor validates it again."""

    @wraps(view)
    def wrapped(request, **kwargs):
        pages = kwargs.get("ninja_pagination") or BoundedPages.Input()
        filters = kwargs["filters"]

        def build() -> bytes:
            result = view(request, **kwargs)
            page = UnitPage.model_validate(
                result, context={"request": request, "response_status": 200}
            )
            return _JSON.render(request, page.model_dump(), response_status=200)

        body = fragment(
            "api-units-json",
            ("organizations",),
            build,
            *sorted((k, str(v)) for k, v in filters.model_dump().items()),
            pages.limit,
            pages.offset,
        )
        return HttpResponse(body, content_type=f"{_JSON.media_type}; charset={_JSON.charset}")

    return wrapped


@router.get("", response=list[UnitOut], auth=ANYONE, summary="Units, searchable and filtered")
@_kept_as_json
@paginate(BoundedPages)
def list_units(request, filters: Query[UnitFilters]):
    units = selectors.unit_directory(
        query=filters.q,
        kind=filters.kind or "",
        level=filters.level,
        parent_id=filters.parent,
        district_id=filters.district,
    )
    # The paginator slices the query first: only the page's units are read and converted.
    return LazyList(units, _out)


class UnitPage(Schema):
    """What the paginator answers (the same schema ninja documents for the list)."""

    items: list[UnitOut]
    count: int


@router.get("/{int:unit_id}", response={200: UnitDetailOut, 404: ErrorOut}, auth=ANYONE)
def get_unit(request, unit_id: int):
    unit = selectors.get_unit(unit_id)
    return _out(unit, detail=True, viewer=request.user)


def _form_data(payload: UnitIn, instance: Unit | None) -> dict:
    """Payload fields over the stored values, in the shape the web form takes."""
    data = {}
    if instance is not None:
        data = {name: getattr(instance, name) for name in UnitForm.Meta.fields}
        data["parent"] = instance.parent_id
        data["district"] = instance.district_id
    data.update(payload.model_dump(exclude_unset=True))
    return {key: ("" if value is None else value) for key, value in data.items()}


def _save(request, payload, instance, save):
    form = UnitForm(
        _form_data(payload, instance),
        instance=instance,
        editable_kind=request.user.has_perm("organizations.add_unit"),
    )
    if not form.is_valid():
        return Status(422, _form_errors(form))
    try:
        unit = save(form.cleaned_data)
    except DjangoValidationError as error:
        errors = [{"field": None, "message": message} for message in error.messages]
        return Status(422, {"detail": _("The unit was not saved."), "errors": errors})
    return Status(200 if instance else 201, _out(unit, detail=True, viewer=request.user))


@router.post("", response={201: UnitDetailOut, 403: ErrorOut, 422: ErrorOut})
def create_unit(request, payload: UnitIn):
    if not request.user.has_perm("organizations.add_unit"):
        raise HttpError(403, _("Only the secretariat may add units."))
    return _save(
        request, payload, None, lambda data: services.create_unit(actor=request.user, **data)
    )


@router.patch("/{int:unit_id}", response={200: UnitDetailOut, 404: ErrorOut, 422: ErrorOut})
def update_unit(request, unit_id: int, payload: UnitIn):
    unit = selectors.get_unit(unit_id)
    if not request.user.has_perm("organizations.change_unit", unit):
        raise Http404
    return _save(
        request,
        payload,
        selectors.get_unit(unit_id),
        lambda data: services.update_unit(actor=request.user, unit=unit, **data),
    )

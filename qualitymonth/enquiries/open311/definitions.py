"""Services and their definitions: the categories with the category's own attributes and the
platform's, which say on which track a request is filed and carry what the rules require."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from qualitymonth.core.localized import localized
from qualitymonth.core.text import join_list
from qualitymonth.enquiries.models import Category, Sector
from qualitymonth.enquiries.services.intake import REQUIRED
from qualitymonth.enquiries.statuses import Kind
from qualitymonth.organizations.models import Unit

DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
LISTS = {"singlevaluelist", "multivaluelist"}
YES_NO = ("true", "false")


@dataclass
class Attribute:
    code: str
    datatype: str
    description: str
    required: bool = False
    datatype_description: str = ""
    variable: bool = True
    values: list[tuple[str, str]] = field(default_factory=list)
    # The Submission field it fills; "" for the category's own attributes.
    target: str = ""

    def value_keys(self) -> set[str]:
        return {key for key, _name in self.values}

    def as_open311(self, order: int) -> dict:
        return {
            "variable": self.variable,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": order,
            "description": self.description,
            "values": [{"key": key, "name": name} for key, name in self.values],
        }


# The platform's attribute codes and the Submission fields they fill.
PLATFORM = {
    "track": "",
    "district": "district",
    "business_name": "business_name",
    "business_address": "business_address",
    "business_phone": "business_phone",
    "product": "product",
    "sector": "sector",
    "request": "request",
    "postal_address": "address",
    "consents_to_publish": "consents_to_publish",
    "consents_to_mediation": "consents_to_mediation",
}


def join_labels(kinds) -> str:
    return join_list(str(Kind(kind).label) for kind in kinds)


def district_key(unit: Unit) -> str:
    return unit.division_code or unit.key


def default_track(category: Category) -> str:
    """The track a request is filed on when the client leaves attribute[track] out."""
    return category.kinds[0] if category.kinds else ""


def _required_by(category: Category, target: str) -> tuple[bool, str]:
    """Required exactly when intake requires the field of the track a request is filed on
    without a choice (the same REQUIRED intake checks), so a client that fills what is marked
    is never refused; when the tracks differ, a note names those that need it."""
    needing = [kind for kind in category.kinds if target in REQUIRED.get(kind, [])]
    required = default_track(category) in needing
    if not needing or len(needing) == len(category.kinds):
        return required, ""
    return required, _("Required for: %(tracks)s.") % {"tracks": join_labels(needing)}


def _yes_no() -> list[tuple[str, str]]:
    return [("true", _("Yes")), ("false", _("No"))]


def _platform(category: Category, districts) -> list[Attribute]:
    found = []
    business = {Kind.COMPLAINT, Kind.REPORT} & set(category.kinds)
    texts = [
        ("business_name", "string", _("Name of the business")),
        ("business_address", "string", _("Address of the business (never published)")),
        ("business_phone", "string", _("Phone number of the business")),
        ("product", "string", _("Product or service concerned")),
        ("request", "text", _("What you ask the business to do (repair, replace, refund…)")),
        ("postal_address", "string", _("Your postal address (never published)")),
    ]
    if business:
        for code, datatype, description in texts:
            required, note = _required_by(category, PLATFORM[code])
            found.append(
                Attribute(code, datatype, description, required, note, target=PLATFORM[code])
            )
        found.append(
            Attribute(
                "sector",
                "singlevaluelist",
                _("Sector of the business"),
                values=[(value, str(label)) for value, label in Sector.choices],
                target="sector",
            )
        )
    found.append(
        Attribute(
            "district",
            "singlevaluelist",
            _("District where it happened: it decides which office handles the case"),
            values=[(district_key(unit), unit.display_name) for unit in districts],
            target="district",
        )
    )
    found.append(
        Attribute(
            "consents_to_publish",
            "singlevaluelist",
            _(
                "May the case be published? Your name, contact details and address never are. "
                "If not answered: no."
            ),
            values=_yes_no(),
            target="consents_to_publish",
        )
    )
    if Kind.COMPLAINT in category.kinds:
        found.append(
            Attribute(
                "consents_to_mediation",
                "singlevaluelist",
                _(
                    "Do you agree that mediation may be entrusted to another body? "
                    "If not answered: no."
                ),
                values=_yes_no(),
                target="consents_to_mediation",
            )
        )
    return found


def _track(category: Category) -> Attribute | None:
    if len(category.kinds) < 2:
        return None
    return Attribute(
        "track",
        "singlevaluelist",
        _(
            "A question (consultation), a complaint about a dispute with a business, or a report "
            "of a suspected violation: each is handled on its own track."
        ),
        required=False,  # left out, the request goes on the first track: it says which
        datatype_description=_("If left out: %(track)s.")
        % {"track": Kind(default_track(category)).label},
        values=[(kind, str(Kind(kind).label)) for kind in category.kinds],
    )


def _own(category: Category) -> list[Attribute]:
    """The category's attributes as configured; malformed entries and platform codes skipped."""
    found = []
    for item in category.attributes or []:
        if not isinstance(item, dict):
            continue
        code = str(item.get("code") or "").strip()
        if not code or code in PLATFORM:
            continue
        datatype = item.get("datatype") if item.get("datatype") in DATATYPES else "string"
        values = [
            (str(value.get("key", "")), str(value.get("name") or value.get("key", "")))
            for value in item.get("values") or []
            if isinstance(value, dict) and str(value.get("key", "")) != ""
        ]
        found.append(
            Attribute(
                code,
                datatype,
                str(item.get("description") or code),
                required=bool(item.get("required")),
                datatype_description=str(item.get("datatype_description") or ""),
                variable=item.get("variable", True) is not False,
                values=values if datatype in LISTS else [],
            )
        )
    return found


def attributes(category: Category, districts) -> list[Attribute]:
    """In the order clients show them: the track first, then the category's own questions."""
    track = _track(category)
    return ([track] if track else []) + _own(category) + _platform(category, districts)


def service(category: Category, districts) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.display_name,
        "description": localized(category, "description"),
        "metadata": bool(attributes(category, districts)),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def definition(category: Category, districts) -> dict:
    return {
        "service_code": category.code,
        "attributes": [
            attribute.as_open311(order)
            for order, attribute in enumerate(attributes(category, districts), start=1)
        ],
    }

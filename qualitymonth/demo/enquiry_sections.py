"""Handlers for the citizen-service sections of the demo fixtures.

- `enquiry_units`, `enquiry_people`: the district bureaus 010_units.yaml does not name and a
  case handler for each bureau, made as `units` and `award_people` make them.
- `enquiry_categories`, `enquiry_routes`, `enquiry_reply_templates`: configuration, one row
  each through `save_if_changed`. A route with `each_district` gives the category one rule
  per district, to the unit the pattern names ("{district}-amr").
- `enquiry_cases`: cases made through the services as a citizen and staff would make them —
  `file_submission` and `change_status` with `now=` set to 2026 dates, so the numbers, clocks,
  history and notices are the real ones; ratings, additions (also after closing) and a few
  transfers likewise. Each submission is identified by its client digest demo-NNNN: one that
  exists is left alone, so a second load changes nothing. Each case draws from its own
  seeded generator, so the same case comes out the same whichever cases exist already.
  The people are invented (演示用户NNN, 1380000NNNN) and give no e-mail address: loading
  queues no e-mail; texts go to the SMS outbox as `Notice` rows when the load commits.
"""

import datetime
import random
from collections import Counter

from django.utils import timezone

from qualitymonth.core.chinese import to_traditional
from qualitymonth.core.workdays import Calendar
from qualitymonth.demo.award_sections import _user, load_award_people
from qualitymonth.demo.loader import FixtureError, save_if_changed, section
from qualitymonth.demo.sections import load_units, unit_by_key
from qualitymonth.enquiries.limits import ensure_default_limits
from qualitymonth.enquiries.models import (
    Category,
    Channel,
    DayType,
    ReplyTemplate,
    RoutingRule,
    Submission,
    TimeLimit,
)
from qualitymonth.enquiries.selectors_figures import statuses_of
from qualitymonth.enquiries.services.clocks import due_date
from qualitymonth.enquiries.services.handling import add_information, change_status, rate, transfer
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.statuses import (
    FIRST,
    REASONS,
    STEPS,
    Kind,
    Status,
    is_open,
    next_statuses,
)
from qualitymonth.organizations.models import Role, Unit, UnitKind, User

DIGEST = "demo-{:04d}"
LATE = 0.18  # share of timed steps done after their due date
STOPPED = 0.06  # share of cases left part-way although there was time to go on
RATED = 0.65
LATE_ADDITION = 0.06
ADDITION = 0.05
TRANSFERRED = 0.03
# Where a step may go next, weighted; a step not named here has a single way on.
CHOICES = {
    Status.RECEIVED: {Status.ACCEPTED: 85, Status.NOT_ACCEPTED: 15},
    Status.ACCEPTED: {Status.MEDIATING: 92, Status.WITHDRAWN: 8},
    Status.MEDIATING: {Status.AGREEMENT: 60, Status.WITHDRAWN: 12, Status.MEDIATION_ENDED: 28},
    Status.CHECKING: {Status.CASE_OPENED: 40, Status.NOT_OPENED: 60},
}
GOOD, POOR = [4, 5, 10, 32, 49], [14, 14, 24, 26, 22]  # weights of ratings 1..5
UNHAPPY = {Status.NOT_ACCEPTED, Status.NOT_OPENED, Status.MEDIATION_ENDED}


@section("enquiry_units")
def load_enquiry_units(rows: list[dict]) -> Counter:
    return load_units(rows)


@section("enquiry_people")
def load_enquiry_people(rows: list[dict]) -> Counter:
    return load_award_people(rows)


def _category(code: str) -> Category:
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise FixtureError(f"unknown service category {code!r}")
    return category


@section("enquiry_categories")
def load_categories(rows: list[dict]) -> Counter:
    counts = Counter()
    for position, row in enumerate(rows, start=1):
        unknown = set(row["kinds"]) - set(Kind.values)
        if unknown:
            raise FixtureError(f"{row['code']}: unknown tracks {sorted(unknown)}")
        values = {
            "name": row["name"],
            "name_zh_hant": row.get("name_zh_hant") or to_traditional(row["name"]),
            "name_en": row.get("name_en", ""),
            "description": row.get("description", ""),
            "description_en": row.get("description_en", ""),
            "kinds": list(row["kinds"]),
            "group": row.get("group", ""),
            "keywords": row.get("keywords", ""),
            "attributes": row.get("attributes") or [],
            "position": position * 10,
            "is_active": True,
            "is_demo": True,
        }
        save_if_changed(Category, {"code": row["code"]}, values, counts)
    return counts


@section("enquiry_routes")
def load_routes(rows: list[dict]) -> Counter:
    counts = Counter()
    districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("division_code"))
    for row in rows:
        category = _category(row["category"])
        rule = {"unit": unit_by_key(row["unit"]), "is_demo": True}
        save_if_changed(RoutingRule, {"category": category, "district": None}, rule, counts)
        for district in districts if row.get("each_district") else []:
            unit = unit_by_key(row["each_district"].format(district=district.key))
            lookup = {"category": category, "district": district}
            save_if_changed(RoutingRule, lookup, {"unit": unit, "is_demo": True}, counts)
    return counts


@section("enquiry_reply_templates")
def load_reply_templates(rows: list[dict]) -> Counter:
    counts = Counter()
    for row in rows:
        lookup = {"kind": row["kind"], "status": row["status"], "title": row["title"]}
        save_if_changed(ReplyTemplate, lookup, {"body": row["body"], "is_demo": True}, counts)
    return counts


@section("enquiry_cases")
def load_cases(rows: list[dict]) -> Counter:
    counts = Counter()
    for spec in rows:
        _Cases(spec, counts).make()
    return counts


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _path_to(kind: str, target: str) -> list[str]:
    """The statuses a case takes, after its first, on the shortest way to `target`."""
    paths = {FIRST[kind]: []}
    queue = [FIRST[kind]]
    while queue:
        status = queue.pop(0)
        for after in sorted(CHOICES.get(status) or _nexts(kind, status)):
            if after not in paths:
                paths[after] = [*paths[status], after]
                queue.append(after)
    return paths[target]


def _nexts(kind: str, status: str) -> dict:
    return dict.fromkeys(next_statuses(kind, status), 1)


class _Cases:
    def __init__(self, spec: dict, counts: Counter):
        self.spec, self.counts = spec, counts
        self.categories = {code: _category(code) for code in spec["categories"]}
        self.districts = {key: unit_by_key(key) for key in spec["districts"]}
        self.first_day, self.last_day = spec["first_day"], spec["last_day"]
        self.calendar = Calendar()
        ensure_default_limits()  # a flushed test database lost the migration's rows
        self.limits = {t.step: t for t in TimeLimit.objects.all()}
        self.templates = {
            (t.kind, t.status): t.body for t in ReplyTemplate.objects.filter(is_demo=True)
        }
        self.secretariat = _user("secretariat")
        self.actors: dict[int, User] = {}
        self.bureaus = list(Unit.objects.filter(key__endswith="-amr", parent__kind="district"))
        self.targets = [(kind, status) for kind in Kind for status in statuses_of(kind)]

    def make(self):
        existing = set(
            Submission.objects.filter(is_demo=True, client_digest__startswith="demo-").values_list(
                "client_digest", flat=True
            )
        )
        for number in range(1, self.spec["count"] + 1):
            if DIGEST.format(number) in existing:
                self.counts["unchanged"] += 1
                continue
            self._make_one(number, random.Random(f"{self.spec['seed']}-{number}"))
            self.counts["created"] += 1

    # --- drawing ---------------------------------------------------------------------

    def _draw_kinds(self, number: int, rng) -> tuple[Category, list[str], str | None]:
        """Category, tracks, and (for the first cases) the status one track must reach."""
        weights = self.spec["categories"]
        if number <= 2 * len(self.targets):
            kind, target = self.targets[(number - 1) // 2]
            fits = {code: w for code, w in weights.items() if kind in self.categories[code].kinds}
            return self.categories[_weighted(rng, fits)], [kind], target
        category = self.categories[_weighted(rng, weights)]
        kinds = category.kinds
        if kinds == [Kind.COMPLAINT, Kind.REPORT]:
            kinds = _weighted(rng, {(Kind.COMPLAINT,): 85, (Kind.COMPLAINT, Kind.REPORT): 8})
            kinds = list(kinds) if rng.random() > 0.07 else [Kind.REPORT]
        elif len(kinds) > 1:
            kinds = [rng.choice(kinds)]
        return category, list(kinds), None

    def _draw_day(self, category: Category, rng, forced: bool) -> datetime.date:
        last = self.last_day - datetime.timedelta(days=160) if forced else self.last_day
        if category.code == "eyeglasses-99" and rng.random() < 0.7:
            day = datetime.date(2026, 9, 9) + datetime.timedelta(days=round(rng.gauss(0, 4)))
        elif rng.random() < 0.2:  # Quality Month
            day = datetime.date(2026, 9, 1) + datetime.timedelta(days=rng.randrange(30))
        else:
            day = self.first_day + datetime.timedelta(
                days=rng.randrange((last - self.first_day).days + 1)
            )
        return min(max(day, self.first_day), last)

    def _data(self, number: int, category: Category, kinds: list[str], rng) -> dict:
        spec = self.spec
        weights = {k: v[0] for k, v in spec["districts"].items()}
        key = None if Kind.CONSULTATION in kinds and rng.random() < 0.2 else _weighted(rng, weights)
        district = self.districts.get(key)
        products = {p["name"]: p for p in spec["products"] if category.code in p["categories"]}
        product = products.get(
            _weighted(rng, {n: p["weight"] for n, p in products.items()}) if products else ""
        )
        name = product["name"] if product else ""
        area = district.name.removesuffix("新区").removesuffix("区") if district else "上海"
        business = f"演示{area}{name or '商品'}{rng.choice(spec['shops'])}"
        story = Kind.CONSULTATION if kinds == [Kind.CONSULTATION] else kinds[0]
        place = f"上海市{district.name if district else ''}演示路{rng.randint(1, 999)}号"
        data = {
            "name": f"演示用户{number:03d}",
            "phone": f"1380000{number:04d}",
            "address": f"上海市{district.name if district else ''}演示小区{rng.randint(1, 99)}号",
            "district": district,
            "product": name,
            "facts": rng.choice(spec["facts"][story]).format(
                product=name or "产品", business=business
            ),
            "consents_to_publish": rng.random() < 0.3,
        }
        if story != Kind.CONSULTATION:
            data.update(
                business_name=business,
                business_address=place,
                sector=product["sector"] if product else "other",
                request=rng.choice(spec["requests"]),
                consents_to_mediation=rng.random() < 0.85,
            )
        if data["consents_to_publish"] and district is not None:
            _weight, latitude, longitude = spec["districts"][key]
            data["latitude"] = round(latitude + rng.uniform(-0.02, 0.02), 5)
            data["longitude"] = round(longitude + rng.uniform(-0.02, 0.02), 5)
        return data

    def _path(self, kind: str, target: str | None, rng) -> list[tuple[str, str]]:
        if target is not None:
            statuses = _path_to(kind, target)
        else:
            statuses, status = [], FIRST[kind]
            while nexts := CHOICES.get(status) or _nexts(kind, status):
                status = _weighted(rng, nexts)
                statuses.append(status)
            if statuses and rng.random() < STOPPED:
                statuses = statuses[: rng.randrange(len(statuses))]
        return [(s, rng.choice(REASONS[s]) if s in REASONS else "") for s in statuses]

    def _day_for(self, to: str, running: dict, after: datetime.date, rng) -> tuple:
        """The day of the step to `to`, and whether it is late for the clock it stops."""
        stopping = [step for step in running if to in STEPS[step][2]]
        limit = self.limits.get(stopping[0]) if stopping else None
        if limit is None:
            return after + datetime.timedelta(days=rng.randint(1, 5)), False
        start, late = running[stopping[0]], rng.random() < LATE
        if limit.day_type == DayType.WORKING:
            n = rng.randint(limit.days + 1, limit.days + 6) if late else rng.randint(1, limit.days)
            day = self.calendar.last_of_period(start + datetime.timedelta(days=1), n)
        else:
            due = due_date(start, limit.days, limit.day_type, self.calendar)
            earliest = max(after, start + datetime.timedelta(days=min(10, limit.days) - 1))
            room = 20 if late else max((due - earliest).days - 1, 0)
            day = (due if late else earliest) + datetime.timedelta(days=rng.randint(0, room) + 1)
        return max(day, after + datetime.timedelta(days=1)), late

    @staticmethod
    def _at(day: datetime.date, rng, first_hour: int = 9, last_hour: int = 17):
        moment = datetime.time(rng.randint(first_hour, last_hour), rng.randrange(60))
        return timezone.make_aware(datetime.datetime.combine(day, moment))

    # --- making ----------------------------------------------------------------------

    def _actor(self, unit_id: int) -> User:
        if unit_id not in self.actors:
            staff = User.objects.filter(
                positions__unit_id=unit_id, positions__role=Role.CASE_HANDLER
            ).order_by("pk")
            self.actors[unit_id] = staff.first() or self.secretariat
        return self.actors[unit_id]

    def _make_one(self, number: int, rng: random.Random):
        category, kinds, target = self._draw_kinds(number, rng)
        received = self._at(self._draw_day(category, rng, target is not None), rng, 8, 21)
        data = self._data(number, category, kinds, rng)
        paths = [self._path(kind, target, rng) for kind in kinds]
        channel = _weighted(rng, {Channel.WEB: 6, Channel.PHONE: 3, Channel.WALK_IN: 1})
        cases = file_submission(
            kinds=kinds,
            category=category,
            data=data,
            channel=channel,
            actor=None if channel == Channel.WEB else self.secretariat,
            client_digest=DIGEST.format(number),
            now=received,
            is_demo=True,
        )
        for case, path in zip(cases, paths, strict=True):
            self._walk(case, path, received, data["name"], rng)

    def _walk(self, case, path, received, name: str, rng):
        moment, unhappy = received, False
        filed_on = timezone.localtime(received).date()
        running = {
            s: filed_on
            for s, (k, start, _) in STEPS.items()
            if (k, start) == (case.kind, case.status)
        }
        if rng.random() < ADDITION:
            add_information(
                case=case,
                text=rng.choice(self.spec["additions"]),
                now=moment + datetime.timedelta(minutes=rng.randint(5, 90)),
            )
        moved = filed_on + datetime.timedelta(days=1) <= self.last_day
        if path and moved and case.unit.key.endswith("-amr") and rng.random() < TRANSFERRED:
            to = rng.choice([b for b in self.bureaus if b.pk != case.unit_id])
            moment = moment + datetime.timedelta(days=1)
            case = transfer(
                case=case,
                to_unit=to,
                actor=self._actor(case.unit_id),
                now=moment,
                text=f"经营者注册地在{to.parent.name}，转{to.short_name or to.name}处理。",
            )
        for status, reason in path:
            day, late = self._day_for(status, running, timezone.localtime(moment).date(), rng)
            if day > self.last_day:
                break
            moment, unhappy = self._at(day, rng), unhappy or late or status in UNHAPPY
            body = self.templates.get((case.kind, status), "")
            text = body.replace("{name}", name).replace("{number}", case.number)
            case = change_status(
                case=case,
                to=status,
                actor=self._actor(case.unit_id),
                reason=reason,
                text=text,
                now=moment,
            )
            running = {s: d for s, d in running.items() if status not in STEPS[s][2]}
            running.update(
                {s: day for s, (k, start, _) in STEPS.items() if (k, start) == (case.kind, status)}
            )
        if is_open(case.status):
            return
        later = timezone.localtime(moment).date() + datetime.timedelta(days=rng.randint(1, 6))
        if later <= self.last_day and rng.random() < RATED:
            rating = rng.choices(range(1, 6), weights=POOR if unhappy else GOOD)[0]
            rate(
                case=case,
                rating=rating,
                comment=rng.choice(self.spec["comments"]),
                now=self._at(later, rng),
            )
        later += datetime.timedelta(days=rng.randint(1, 6))
        if later <= self.last_day and rng.random() < LATE_ADDITION:
            add_information(
                case=case, text=rng.choice(self.spec["additions"]), now=self._at(later, rng)
            )

"""The member list as JSON: names, types and groups for everyone (the public directory's
part); status, term end and credit code only for the secretariat."""

from datetime import date

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from qualitymonth.core.api_auth import ANYONE
from qualitymonth.core.pagination import BoundedPages, LazyList
from qualitymonth.members import selectors_pages as pages

router = Router(tags=["members"])


class MemberOut(Schema):
    unit_id: int
    name: str
    type: str | None
    industry_group_id: int | None
    district_id: int | None
    joined_on: date | None
    # The secretariat's part; null for everyone else.
    status: str | None = None
    term_ends: date | None = None
    credit_code: str | None = None


class MemberFilters(Schema):
    q: str = ""


@router.get("", response=list[MemberOut], auth=ANYONE, summary="Member units")
@paginate(BoundedPages)
def list_members(request, filters: Query[MemberFilters]):
    members = pages.member_list(query=filters.q)
    full = request.user.has_perm("members.manage")
    if not full:
        # Outsiders see the units that are members now, never who lapsed.
        members = members.filter(term_status__in=("new", "current", "grace"))

    def out(m) -> dict:
        data = {
            "unit_id": m.unit_id,
            "name": m.unit.name,
            "type": m.term_type,
            "industry_group_id": m.industry_group_id,
            "district_id": m.unit.district_id,
            "joined_on": m.joined_on,
        }
        if full:
            data |= {
                "status": m.term_status,
                "term_ends": m.term_ends,
                "credit_code": m.unit.credit_code,
            }
        return data

    return LazyList(members, out)

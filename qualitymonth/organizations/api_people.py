"""Who the caller is, in the JSON API: a person and the positions they hold."""

from ninja import Router, Schema

from qualitymonth.organizations.selectors import positions_of

router = Router(tags=["people"])


class PositionOut(Schema):
    unit_id: int
    unit: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    positions: list[PositionOut]


@router.get("/me", response=MeOut, summary="The person the request is authenticated as")
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": str(user),
        "positions": [
            {"unit_id": p.unit_id, "unit": p.unit.display_name, "role": p.role}
            for p in positions_of(user)
        ],
    }

"""Filing an Open311 request: one case on one track, through the same intake as the web form."""

from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.models import ApiToken
from qualitymonth.core.services import touch_api_token
from qualitymonth.enquiries.models import Case, Channel
from qualitymonth.enquiries.open311.params import Filing
from qualitymonth.enquiries.services.handling import add_information
from qualitymonth.enquiries.services.intake import file_submission


@transaction.atomic
def file_request(*, filing: Filing, token: ApiToken, client_digest: str = "") -> Case:
    """Routed by the routing table, numbered and timed like any case; the answers to the
    category's own questions and the photos' addresses join its history as the citizen's."""
    case = file_submission(
        kinds=[filing.track],
        category=filing.category,
        data=filing.data,
        channel=Channel.OPEN311,
        actor=token.user,
        client_digest=client_digest,
    )[0]
    if filing.extras:
        add_information(case=case, text="\n".join([_("Sent with the request:"), *filing.extras]))
    touch_api_token(token)
    return case

from qualitymonth.members.models.applications import (
    OPEN_STATUSES,
    ApplicationDocument,
    ApplicationStatus,
    JoinApplication,
    Size,
)
from qualitymonth.members.models.bodies import (
    Committee,
    CommitteeKind,
    CouncilTerm,
    GroupOfficer,
    Meeting,
    MeetingKind,
    OfficerRole,
    Resolution,
    Seat,
    SeatRole,
)
from qualitymonth.members.models.dues import Invoice, Payment
from qualitymonth.members.models.participation import (
    PARTS,
    ParticipationEntry,
    ParticipationRule,
    ParticipationRun,
)
from qualitymonth.members.models.profile import MemberProfile
from qualitymonth.members.models.terms import (
    MembershipType,
    Status,
    StatusRules,
    Term,
    TermChange,
)
from qualitymonth.members.models.visits import FollowUp, Need, NeedTag, Visit, VisitKind

__all__ = [
    "OPEN_STATUSES",
    "PARTS",
    "ApplicationDocument",
    "ApplicationStatus",
    "Committee",
    "CommitteeKind",
    "CouncilTerm",
    "FollowUp",
    "GroupOfficer",
    "Invoice",
    "JoinApplication",
    "Meeting",
    "MeetingKind",
    "MemberProfile",
    "MembershipType",
    "Need",
    "NeedTag",
    "OfficerRole",
    "ParticipationEntry",
    "ParticipationRule",
    "ParticipationRun",
    "Payment",
    "Resolution",
    "Seat",
    "SeatRole",
    "Size",
    "Status",
    "StatusRules",
    "Term",
    "TermChange",
    "Visit",
    "VisitKind",
]

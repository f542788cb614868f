from qualitymonth.enquiries.models.cases import (
    Attachment,
    Case,
    CaseEvent,
    Channel,
    Clock,
    EventKind,
    IdType,
    Notice,
    Submission,
)
from qualitymonth.enquiries.models.catalogue import (
    Category,
    DayType,
    ReplyTemplate,
    RoutingRule,
    Sector,
    TimeLimit,
)

__all__ = [
    "Attachment",
    "Case",
    "CaseEvent",
    "Category",
    "Channel",
    "Clock",
    "DayType",
    "EventKind",
    "IdType",
    "Notice",
    "ReplyTemplate",
    "RoutingRule",
    "Sector",
    "Submission",
    "TimeLimit",
]

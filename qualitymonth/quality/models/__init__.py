from qualitymonth.quality.models.cases import Case, Honour, HonourLevel
from qualitymonth.quality.models.csr import CSRFigure, CSRReport, CSRStatus
from qualitymonth.quality.models.records import (
    AssessmentItem,
    Benefit,
    BenefitKind,
    SelfAssessment,
)
from qualitymonth.quality.models.results import Method, Result
from qualitymonth.quality.models.stages import (
    Advancement,
    NationalOutcome,
    Stage,
    StagedProgram,
    StageLevel,
    StageStatus,
)
from qualitymonth.quality.models.teams import (
    Industry,
    MemberRole,
    Registration,
    Team,
    TeamKind,
    TeamMember,
    member_identity,
)

__all__ = [
    "Advancement",
    "AssessmentItem",
    "Benefit",
    "BenefitKind",
    "CSRFigure",
    "CSRReport",
    "CSRStatus",
    "Case",
    "Honour",
    "HonourLevel",
    "Industry",
    "MemberRole",
    "Method",
    "NationalOutcome",
    "Registration",
    "Result",
    "SelfAssessment",
    "Stage",
    "StageLevel",
    "StageStatus",
    "StagedProgram",
    "Team",
    "TeamKind",
    "TeamMember",
    "member_identity",
]

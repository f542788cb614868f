from qualitymonth.surveys.models.frame import Industry, Site, SiteKind
from qualitymonth.surveys.models.indicators import (
    Direction,
    Evaluation,
    IndicatorSystem,
    Level,
    Node,
    Normalisation,
    UnitOfAnalysis,
    Weighting,
)
from qualitymonth.surveys.models.instruments import (
    METADATA_TYPES,
    NOT_ASKED_TYPES,
    Instrument,
    InstrumentKind,
    Question,
    QuestionType,
)
from qualitymonth.surveys.models.responses import Answer, Photo, Response, Source, Tally
from qualitymonth.surveys.models.results import (
    ExportFormat,
    ExportJob,
    IndexResult,
    IndexRun,
    RunLevel,
)
from qualitymonth.surveys.models.rounds import Round, RoundStatus

__all__ = [
    "METADATA_TYPES",
    "NOT_ASKED_TYPES",
    "Answer",
    "Direction",
    "Evaluation",
    "ExportFormat",
    "ExportJob",
    "IndexResult",
    "IndexRun",
    "IndicatorSystem",
    "Industry",
    "Instrument",
    "InstrumentKind",
    "Level",
    "Node",
    "Normalisation",
    "Photo",
    "Question",
    "QuestionType",
    "Response",
    "Round",
    "RoundStatus",
    "RunLevel",
    "Site",
    "SiteKind",
    "Source",
    "Tally",
    "UnitOfAnalysis",
    "Weighting",
]

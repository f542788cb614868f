"""Training's figures for the year pages (collected by the figures app)."""

from django.utils.translation import gettext_lazy as _

from qualitymonth.core.figures import Figure
from qualitymonth.training.selectors import training_figures
from qualitymonth.training.selectors_figures import by_district

DISTRICT = ("year", "district")


def _by(name: str):
    """by(year, dimension) for one of the counts; the district is the enrolling unit's."""
    return lambda year, dimension: by_district(year)[name] if dimension == "district" else {}


FIGURES = [
    Figure(
        key="training.trainees",
        name=_("Trainees"),
        unit=_("people"),
        definition=_("People enrolled in a course or a class in the year, each counted once."),
        compute=lambda year: training_figures(year)["trainees"],
        dimensions=DISTRICT,
        by=_by("trainees"),
        order=40,
    ),
    Figure(
        key="training.trainee_times",
        name=_("Trainee-times"),
        unit=_("enrolments"),
        definition=_("Enrolments in courses and classes in the year."),
        compute=lambda year: training_figures(year)["trainee_times"],
        dimensions=DISTRICT,
        by=_by("trainee_times"),
        order=41,
    ),
]

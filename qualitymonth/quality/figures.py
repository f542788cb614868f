"""Quality teams' figures for the year pages (collected by the figures app)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitymonth.core.figures import Figure
from qualitymonth.quality import selectors, selectors_records

FIGURES = [
    Figure(
        key="quality.teams",
        name=_("Quality teams"),
        unit=_("teams"),
        definition=_("QC groups and front-line teams registered for the year."),
        compute=selectors.figure_teams,
        order=50,
    ),
    Figure(
        key="quality.staff",
        name=_("Staff on quality teams"),
        unit=_("people"),
        definition=_("People on the year's teams, each counted once per enterprise."),
        compute=selectors.figure_participating_staff,
        order=51,
    ),
    Figure(
        key="quality.honoured_enterprises",
        name=_("Enterprises with quality awards"),
        unit=pgettext_lazy("figure unit", "enterprises"),
        definition=_(
            "Enterprises with a quality award of the year from another body (national, city or "
            "district), counted once the secretariat has checked its proof."
        ),
        compute=selectors_records.figure_honoured_enterprises,
        order=52,
    ),
    Figure(
        key="quality.cost_saved",
        name=_("Cost saved by quality results"),
        unit=_("10,000 yuan"),
        definition=_(
            "Cost savings claimed by the results of the year's teams, counted once a reviewer "
            "has confirmed them with their evidence, in 10,000 yuan."
        ),
        compute=selectors.figure_cost_saved,
        order=53,
    ),
    Figure(
        key="quality.energy_saved",
        name=_("Energy saved by quality results"),
        unit=_("tonnes of standard coal"),
        definition=_(
            "Energy savings claimed by the results of the year's teams, counted once confirmed, "
            "in tonnes of standard coal (electricity at 0.1229 kgce per kWh)."
        ),
        compute=selectors.figure_energy_saved,
        order=54,
    ),
    Figure(
        key="quality.defects_reduced",
        name=_("Defects reduced by quality results"),
        unit=_("pieces"),
        definition=_(
            "Defective pieces avoided, as claimed by the results of the year's teams and "
            "confirmed; reductions given as a rate (ppm, %) are not added up."
        ),
        compute=selectors.figure_defects_reduced,
        order=55,
    ),
    Figure(
        key="quality.national_recommendations",
        name=_("Results recommended to the national body"),
        unit=pgettext_lazy("figure unit", "results"),
        definition=_(
            "Entries the last stage of the year's staged programs recommended to the national body."
        ),
        compute=selectors.figure_national_recommendations,
        order=56,
    ),
    Figure(
        key="quality.national_awards",
        name=_("Results awarded nationally"),
        unit=pgettext_lazy("figure unit", "results"),
        definition=_(
            "Recommended entries of the year's staged programs that the national body awarded, "
            "as recorded when its decision came back."
        ),
        compute=selectors.figure_national_awards,
        order=57,
    ),
    Figure(
        key="quality.cases",
        name=_("Cases added to the case library"),
        unit=pgettext_lazy("figure unit", "cases"),
        definition=_(
            "Innovative quality-technology projects and good practices that entered the case "
            "library in the year."
        ),
        compute=selectors_records.figure_cases,
        order=58,
    ),
    Figure(
        key="quality.csr_reports",
        name=_("CSR reports published"),
        unit=_("reports"),
        definition=_(
            "Enterprises' social responsibility reports for the year that the secretariat "
            "checked and published."
        ),
        compute=selectors_records.figure_csr_reports,
        order=59,
    ),
    *[
        Figure(
            key=f"quality.csr_{indicator}",
            name=name,
            unit=unit,
            definition=definition,
            compute=selectors_records.csr_indicator_total(indicator),
            dimensions=("year", "industry"),
            by=selectors_records.csr_indicator_by_industry(indicator),
            order=60 + position,
        )
        for position, (indicator, name, unit, definition) in enumerate(
            [
                (
                    "carbon",
                    _("Carbon emissions reduced (CSR reports)"),
                    _("tonnes"),
                    _(
                        "Carbon emissions reduced, from the data sheets of the year's published "
                        "CSR reports, in tonnes (10,000 t converted)."
                    ),
                ),
                (
                    "waste",
                    _("Waste reduced (CSR reports)"),
                    _("tonnes"),
                    _(
                        "Waste reduced, from the data sheets of the year's published CSR "
                        "reports, in tonnes."
                    ),
                ),
                (
                    "energy",
                    _("Energy saved (CSR reports)"),
                    _("tonnes of standard coal"),
                    _(
                        "Energy saved, from the data sheets of the year's published CSR "
                        "reports, in tonnes of standard coal."
                    ),
                ),
                (
                    "donations",
                    _("Donations (CSR reports)"),
                    _("10,000 yuan"),
                    _(
                        "Donations, from the data sheets of the year's published CSR reports, "
                        "in 10,000 yuan."
                    ),
                ),
            ]
        )
    ],
]

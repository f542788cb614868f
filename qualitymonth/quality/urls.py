from django.urls import path

from qualitymonth.quality.views import cases, files, honours, public, records, stages, teams

app_name = "quality"
urlpatterns = [
    path("quality/teams/", teams.teams, name="teams"),
    path("quality/teams/register/", teams.register, name="register"),
    path("quality/teams/import/", teams.import_teams, name="import"),
    path("quality/teams/counts/", teams.counts, name="counts"),
    path("quality/teams/<int:pk>/", teams.team, name="team"),
    path("quality/results/<int:pk>/", teams.result, name="result"),
    path("quality/registrations/<int:pk>/results/", teams.add_result, name="add_result"),
    path("quality/programs/", stages.programs, name="programs"),
    path("quality/programs/new/", stages.program_new, name="program_new"),
    path("quality/programs/<int:pk>/", stages.program, name="program"),
    path("quality/stages/<int:pk>/", stages.stage, name="stage"),
    path("quality/stages/<int:pk>/open/", stages.open_stage, name="open_stage"),
    path("quality/stages/<int:pk>/close/", stages.close_stage, name="close_stage"),
    path("quality/stages/<int:pk>/enter/", stages.enter_result, name="enter_result"),
    path("quality/outcomes/<int:pk>/", stages.record_outcome, name="record_outcome"),
    path("quality/assessments/", records.assessments, name="assessments"),
    path("quality/assessments/new/", records.assessment_new, name="assessment_new"),
    path("quality/assessments/<int:pk>/edit/", records.assessment_edit, name="assessment_edit"),
    path("quality/assessments/<int:pk>/", records.assessment, name="assessment"),
    path(
        "quality/assessments/<int:pk>/submit/", records.assessment_submit, name="assessment_submit"
    ),
    path("quality/results/<int:pk>/benefits/", records.claim_benefit, name="claim_benefit"),
    path("quality/benefits/", records.benefits_queue, name="benefits_queue"),
    path("quality/benefits/<int:pk>/confirm/", records.confirm_benefit, name="confirm_benefit"),
    path(
        "quality/figures/benefits/<slug:kind>/", records.benefit_drilldown, name="benefit_drilldown"
    ),
    path("quality/figures/", public.figures, name="figures"),
    path("quality/csr/", public.csr_reports, name="csr_reports"),
    path("quality/csr/submit/", public.csr_submit, name="csr_submit"),
    path("quality/csr/<int:pk>/check/", public.csr_check, name="csr_check"),
    path("quality/csr/<int:pk>/publish/", public.csr_publish, name="csr_publish"),
    path("quality/csr/<int:pk>/report.pdf", files.csr_pdf, name="csr_pdf"),
    path("quality/benefits/<int:pk>/evidence/", files.benefit_evidence, name="benefit_evidence"),
    path("quality/honours/", honours.honours, name="honours"),
    path("quality/honours/<int:pk>/confirm/", honours.confirm_honour, name="confirm_honour"),
    path("quality/honours/<int:pk>/proof/", honours.honour_proof, name="honour_proof"),
    path("quality/cases/", cases.cases, name="cases"),
    path("quality/results/<int:pk>/promote/", cases.promote, name="promote"),
]

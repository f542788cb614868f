from django.urls import path

from qualitymonth.surveys.views import (
    collect,
    exports,
    imports,
    instruments,
    manage,
    photos,
    results,
    rounds,
    system,
)

app_name = "surveys"

urlpatterns = [
    path("surveys/", results.index, name="index"),
    path("surveys/e/<slug:key>/", results.evaluation, name="evaluation"),
    path("surveys/rounds/<int:pk>/results/", results.results, name="results"),
    path("surveys/rounds/<int:pk>/results/<str:key>/", results.district, name="district"),
    path("surveys/mine/", collect.my_rounds, name="mine"),
    path("surveys/rounds/<int:pk>/collect/", collect.collect, name="collect"),
    path("surveys/rounds/<int:pk>/relevance/", collect.relevance, name="relevance"),
    path("surveys/rounds/<int:pk>/sites/", collect.site_picker, name="site_picker"),
    path("surveys/rounds/<int:pk>/mine/<int:response_pk>/", collect.my_record, name="my_record"),
    path("surveys/answer/<uuid:link>/", collect.answer_by_link, name="answer"),
    path("surveys/photos/<int:pk>/", photos.photo, name="photo"),
    path("surveys/manage/", manage.manage_index, name="manage_index"),
    path("surveys/manage/rounds/<int:pk>/", manage.round_manage, name="manage_round"),
    path("surveys/manage/rounds/<int:pk>/compute/", manage.compute, name="compute"),
    path(
        "surveys/manage/rounds/<int:pk>/runs/<int:run_pk>/publish/", manage.publish, name="publish"
    ),
    path("surveys/manage/rounds/<int:pk>/responses/", manage.responses, name="responses"),
    path(
        "surveys/manage/rounds/<int:pk>/responses/import/",
        imports.responses_import,
        name="responses_import",
    ),
    path(
        "surveys/manage/rounds/<int:pk>/responses/template.xlsx",
        imports.responses_template,
        name="responses_template",
    ),
    path(
        "surveys/manage/rounds/<int:pk>/responses/<int:response_pk>/",
        manage.response_detail,
        name="response",
    ),
    path(
        "surveys/manage/e/<slug:key>/instruments/new/",
        manage.instrument_upload,
        name="instrument_upload",
    ),
    path(
        "surveys/manage/e/<slug:key>/instruments/editor/",
        instruments.instrument_new,
        name="instrument_new",
    ),
    path(
        "surveys/manage/instruments/<int:pk>/edit/",
        instruments.instrument_edit,
        name="instrument_edit",
    ),
    path(
        "surveys/manage/instruments/<int:pk>.xlsx",
        instruments.instrument_xlsx,
        name="instrument_xlsx",
    ),
    path("surveys/manage/rounds/<int:pk>/responses.csv", exports.export_csv, name="export_csv"),
    path("surveys/manage/rounds/<int:pk>/exports/", exports.export_jobs, name="exports"),
    path(
        "surveys/manage/rounds/<int:pk>/exports/<int:job_pk>/",
        exports.export_download,
        name="export_download",
    ),
    path("surveys/manage/rounds/<int:pk>/chapter.<str:fmt>", exports.chapter, name="chapter"),
    path("surveys/manage/e/<slug:key>/sites/", system.sites_import, name="sites_import"),
    path("surveys/manage/systems/<int:pk>/", system.system_detail, name="system"),
    path("surveys/manage/systems/<int:pk>.xlsx", system.system_xlsx, name="system_xlsx"),
    path("surveys/manage/systems/<int:pk>/import/", system.system_import, name="system_import"),
    path("surveys/rounds/<int:pk>/satisfaction/", results.satisfaction, name="satisfaction"),
    # The secretariat's set-up pages (instead of the admin).
    path("surveys/manage/evaluations/new/", rounds.evaluation_new, name="evaluation_new"),
    path("surveys/manage/e/<slug:key>/rounds/new/", rounds.round_new, name="round_new"),
    path("surveys/manage/rounds/<int:pk>/edit/", rounds.round_edit, name="round_edit"),
    path("surveys/manage/rounds/<int:pk>/open/", rounds.round_open, name="round_open"),
    path("surveys/manage/rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path(
        "surveys/manage/rounds/<int:pk>/satisfaction/",
        rounds.satisfaction_compute,
        name="satisfaction_compute",
    ),
]

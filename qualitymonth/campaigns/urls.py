from django.urls import path

from qualitymonth.campaigns.views import exports, plan, public, reports

app_name = "campaigns"
urlpatterns = [
    # Public pages
    path("campaigns/", public.campaign_list, name="campaign_list"),
    path("campaigns/latest/", public.latest, name="latest"),
    path("campaigns/districts.geojson", public.districts_geojson, name="districts_geojson"),
    path("campaigns/files/<int:pk>/", public.file_download, name="file"),
    path("campaigns/<int:year>/", public.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:year>/activities/", public.activity_list, name="activity_list"),
    path("campaigns/<int:year>/calendar/", public.activity_calendar, name="activity_calendar"),
    path(
        "campaigns/<int:year>/activities/<int:pk>/",
        public.activity_detail,
        name="activity_detail",
    ),
    path("campaigns/<int:year>/digest/", public.digest, name="digest"),
    path("campaigns/<int:year>/digest.<str:fmt>", exports.digest_document, name="digest_document"),
    path("campaigns/<int:year>/actions.<str:fmt>", exports.actions_export, name="actions_export"),
    path(
        "campaigns/<int:year>/activities.<str:fmt>",
        exports.activities_export,
        name="activities_export",
    ),
    # The secretariat's plan
    path("campaigns/new/", plan.campaign_create, name="campaign_create"),
    path("campaigns/<int:year>/edit/", plan.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:year>/copy/", plan.campaign_copy, name="campaign_copy"),
    path("campaigns/<int:year>/categories/new/", plan.category_edit, name="category_create"),
    path("campaigns/<int:year>/categories/<int:pk>/", plan.category_edit, name="category_edit"),
    path("campaigns/<int:year>/actions/new/", plan.action_edit, name="action_create"),
    path("campaigns/<int:year>/actions/<int:pk>/edit/", plan.action_edit, name="action_edit"),
    # Reporting and review
    path("campaigns/mine/", reports.workspace, name="workspace"),
    path("campaigns/actions/<int:pk>/", reports.action_detail, name="action_detail"),
    path("campaigns/progress/<int:pk>/review/", reports.progress_review, name="progress_review"),
    path("campaigns/<int:year>/report/", reports.activity_create, name="activity_create"),
    path("campaigns/<int:year>/import/", reports.activity_import, name="activity_import"),
    path(
        "campaigns/<int:year>/import/template.<str:fmt>",
        exports.import_template,
        name="import_template",
    ),
    path("campaigns/reports/", reports.report_list, name="report_list"),
    path("campaigns/reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("campaigns/reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("campaigns/reports/<int:pk>/review/", reports.report_review, name="report_review"),
]

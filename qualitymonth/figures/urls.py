from django.urls import path

from qualitymonth.figures import (
    views,
    views_dashboards,
    views_open_data,
    views_reports,
    views_terms,
)

app_name = "figures"

urlpatterns = [
    path("figures/", views.index, name="index"),
    path("figures/<int:year>/", views.public_year, name="year"),
    path("figures/<int:year>/manage/", views.manage_year, name="manage"),
    path("figures/<int:year>/recompute/", views.recompute, name="recompute"),
    path("figures/<int:year>/publish/", views.publish, name="publish"),
    path("figures/<int:year>/enter/", views.enter, name="enter"),
    path("figures/dashboard/", views_dashboards.city, name="city_dashboard"),
    path(
        "figures/dashboard/districts/<int:pk>/",
        views_dashboards.district,
        name="district_dashboard",
    ),
    path("figures/terms/", views_terms.terms, name="terms"),
    path("figures/terms/<int:number>/", views_terms.term, name="term"),
    path("figures/reports/", views_reports.report_list, name="reports"),
    path("figures/reports/<int:pk>/", views_reports.report, name="report"),
    path("figures/reports/<int:pk>/docx/", views_reports.report_docx, name="report_docx"),
    path("figures/reports/<int:pk>/pdf/", views_reports.report_pdf, name="report_pdf"),
    path(
        "figures/reports/sections/<int:pk>/remove/",
        views_reports.remove_section,
        name="section_remove",
    ),
    path(
        "figures/reports/sections/<int:pk>/<str:direction>/",
        views_reports.move_section,
        name="section_move",
    ),
    path("open-data/", views_open_data.open_data, name="open_data"),
    path("open-data/download/", views_open_data.download, name="open_data_download"),
    path("open-data/regenerate/", views_open_data.regenerate, name="open_data_regenerate"),
]

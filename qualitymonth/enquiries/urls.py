from django.urls import path

from qualitymonth.enquiries.views import desk, figures, public

app_name = "enquiries"

# Citizen pages (views/public.py), the staff desk (views/desk.py) and figures (views/figures.py).
urlpatterns: list = [
    # public
    path("enquiries/", public.index, name="index"),
    path("enquiries/new/", public.new, name="new"),
    path("enquiries/thanks/", public.thanks, name="thanks"),
    path("enquiries/track/", public.track, name="track"),
    path("enquiries/record/", public.record, name="record"),
    path("enquiries/cases/<slug:number>/", public.case_page, name="case"),
    path("enquiries/cases/<slug:number>/add/", public.add_information, name="case_add"),
    path("enquiries/cases/<slug:number>/rate/", public.rate, name="case_rate"),
    path("enquiries/cases/<slug:number>/files/<int:pk>/", public.case_file, name="case_file"),
    # desk
    path("enquiries/desk/", desk.case_list, name="desk"),
    path("enquiries/desk/export.xlsx", desk.export, name="desk_export"),
    path("enquiries/desk/routing/", desk.routing_table, name="routing"),
    path("enquiries/desk/cases/<slug:number>/", desk.case_detail, name="desk_case"),
    path("enquiries/desk/cases/<slug:number>/status/", desk.change_status, name="desk_status"),
    path("enquiries/desk/cases/<slug:number>/transfer/", desk.transfer, name="desk_transfer"),
    path("enquiries/desk/cases/<slug:number>/note/", desk.note, name="desk_note"),
    path("enquiries/desk/cases/<slug:number>/reply/", desk.reply, name="desk_reply"),
    path(
        "enquiries/desk/cases/<slug:number>/acknowledge/",
        desk.acknowledge,
        name="desk_acknowledge",
    ),
    path("enquiries/desk/cases/<slug:number>/erase/", desk.erase, name="desk_erase"),
    path(
        "enquiries/desk/cases/<slug:number>/files/<int:pk>/",
        desk.attachment,
        name="desk_attachment",
    ),
    # figures
    path("enquiries/figures/", figures.figures, name="figures"),
    path("enquiries/figures.xlsx", figures.figures_xlsx, name="figures_xlsx"),
]

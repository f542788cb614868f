from django.urls import path

from qualitymonth.enquiries.views import public

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
    # figures
]

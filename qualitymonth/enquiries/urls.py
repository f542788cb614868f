from django.urls import path

app_name = "enquiries"

# Citizen pages (views/public.py), the staff desk (views/desk.py) and figures (views/figures.py).
urlpatterns: list = [
    # public
    # desk
    # figures
]

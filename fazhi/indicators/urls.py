from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("indicators/", views.figures, name="figures"),
    path("indicators/figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("indicators/settings/", views.settings_page, name="settings"),
    path("indicators/<str:key>/records/", views.records, name="records"),
]

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("registers/<slug:name>/template.xlsx", views.template, name="template"),
    path("registers/<slug:name>/import/", views.upload, name="upload"),
    path("registers/<slug:name>/import/errors/<slug:token>.xlsx", views.errors, name="errors"),
    path("registers/<slug:name>/export.<slug:fmt>", views.export, name="export"),
    path("imports/jobs/<int:pk>/", views.job_page, name="job"),
    path("imports/jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
]

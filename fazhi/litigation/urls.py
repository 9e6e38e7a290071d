from django.urls import path

from . import views

app_name = "litigation"
urlpatterns = [
    path("litigation/", views.case_list, name="list"),
    path("litigation/new/", views.case_create, name="create"),
    path("litigation/<int:pk>/", views.case_detail, name="detail"),
    path("litigation/<int:pk>/edit/", views.case_edit, name="edit"),
    path("litigation/<int:pk>/step/", views.case_step, name="step"),
]

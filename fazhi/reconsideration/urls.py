from django.urls import path

from . import views

app_name = "reconsideration"
urlpatterns = [
    path("reconsideration/", views.case_list, name="list"),
    path("reconsideration/new/", views.case_create, name="create"),
    path("reconsideration/<int:pk>/", views.case_detail, name="detail"),
    path("reconsideration/<int:pk>/edit/", views.case_edit, name="edit"),
    path("reconsideration/<int:pk>/step/", views.case_step, name="step"),
]

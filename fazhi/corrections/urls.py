from django.urls import path

from .views import SUBJECT_PAGES, notices, person

app_name = "corrections_subject"
urlpatterns = [
    *SUBJECT_PAGES.urls(),
    path("corrections/<int:pk>/person/", person, name="person"),
    path("corrections/notices/", notices, name="notices"),
]

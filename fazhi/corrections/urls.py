from django.urls import path

from fazhi.core.duplicate_views import notices_page

from .views import SUBJECT_PAGES, person

app_name = "corrections_subject"
urlpatterns = [
    *SUBJECT_PAGES.urls(),
    path("corrections/<int:pk>/person/", person, name="person"),
    path("corrections/notices/", notices_page("corrections_subject"), name="notices"),
]

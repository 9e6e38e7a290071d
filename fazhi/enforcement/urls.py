"""Two registers, two namespaces: case_file_review (with its rounds and departments) and
law_report. Mounted by fazhi/urls.py without a namespace of its own."""

from django.urls import include, path

from .views import LAW_REPORT_URLS, PAGES

urlpatterns = [
    path("", include((PAGES.urls(), "case_file_review"))),
    path("", include((LAW_REPORT_URLS, "law_report"))),
]

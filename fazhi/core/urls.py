from django.urls import path

from . import holiday_views, views

# Core's own pages: units, the audit log and the holiday calendar. The home page, the login
# pages and the accounts' pages (which show security's activation codes) are the site's
# (fazhi/portal/urls.py).
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("audit/", views.audit_log, name="audit_log"),
    # The holiday calendar (fazhi/core/holiday_views.py), kept by the top unit's system admin.
    path("holidays/", holiday_views.holiday_list, name="holidays"),
    path("holidays/<int:year>/", holiday_views.holiday_year, name="holiday_year"),
    path("holidays/<int:year>/upload/", holiday_views.holiday_upload, name="holiday_upload"),
    path(
        "holidays/<int:year>/recompute/",
        holiday_views.holiday_recompute,
        name="holiday_recompute",
    ),
    path(
        "holidays/recompute/<int:pk>/progress/",
        holiday_views.holiday_progress,
        name="holiday_progress",
    ),
]

from django.urls import path

from . import document_settings_views, holiday_views, views

# Core's own pages: units, the audit log and the holiday calendar. The home page, the login
# pages and the accounts' pages (which show security's activation codes) are the site's
# (fazhi/portal/urls.py).
urlpatterns = [
    # 文书设置: an organ's number patterns and templates (fazhi/core/document_settings_views.py).
    path(
        "documents/settings/", document_settings_views.document_settings, name="document_settings"
    ),
    path(
        "documents/settings/<str:kind>/pattern/",
        document_settings_views.set_pattern,
        name="document_pattern",
    ),
    path(
        "documents/settings/<str:kind>/template/",
        document_settings_views.download_template,
        name="document_template",
    ),
    path(
        "documents/settings/<str:kind>/template/upload/",
        document_settings_views.upload_template,
        name="document_template_upload",
    ),
    path(
        "documents/settings/<str:kind>/template/reset/",
        document_settings_views.reset_template,
        name="document_template_reset",
    ),
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

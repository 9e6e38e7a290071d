from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.security import views as security_views

from . import holiday_views, views

urlpatterns = [
    # Login, the password change and two-factor login live in fazhi/security: the login is two
    # steps for those who enrolled an authenticator, and a password change ends a forced step.
    path("login/", security_views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("password/", security_views.password_change, name="password_change"),
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
    path("", include("fazhi.security.urls")),
]

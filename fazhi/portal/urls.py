from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.security import views as security_views

from . import accounts, views

urlpatterns = [
    # Login, the password change and two-factor login live in fazhi/security: the login is two
    # steps for those who enrolled an authenticator, and a password change ends a forced step.
    path("login/", security_views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("users/", accounts.user_list, name="user_list"),
    path("users/new/", accounts.user_create, name="user_create"),
    path("users/<int:pk>/", accounts.user_detail, name="user_detail"),
    path("password/", security_views.password_change, name="password_change"),
    path("", include("fazhi.security.urls")),
]

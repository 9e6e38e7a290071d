from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("login/code/", views.login_code, name="login_code"),
    path("security/two-factor/", views.two_factor, name="two_factor"),
    path("security/two-factor/enrol/", views.enrol, name="enrol"),
    path("security/two-factor/qr.svg", views.enrol_qr, name="enrol_qr"),
    path("security/users/<int:pk>/two-factor/", views.user_two_factor, name="user_two_factor"),
]

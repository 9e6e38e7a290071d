from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .api import api


def _token_only(urls):
    """The API's views answer to a token, not a session: LoginRequiredMiddleware must not send
    their callers to the login page (they get 401 in JSON instead). CSRF does not apply either:
    ninja exempts its views, and no session is accepted that a forged request could ride on."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    # The token pages are ordinary pages of the site: login required, session, CSRF.
    path("tokens/", views.token_list, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("", _token_only(api.urls)),
]

import functools

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import path

from fazhi.core.errors import ActionRefused

from . import tokens, views
from .api import api

# ninja's names for its two documentation views.
DOCUMENT = "openapi-json"
DOCS_PAGE = "openapi-view"
BEARER = "Bearer "
NO_LOGIN = "查看接口文档须先登录网页，或在请求头 Authorization 中使用 Bearer 令牌。"


def _refusal(status: int, detail: str) -> JsonResponse:
    response = JsonResponse(
        {"detail": detail, "errors": {}}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def _session_or_token(view):
    """The OpenAPI document is read by a logged-in browser (the docs page fetches it with the
    session's cookie) or by a client with a token, never anonymously: it names every register
    and field. A session that owes a login step never gets here (the security middleware
    refuses /api/ to it); a token whose owner owes one is refused by tokens.user_for."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            header = request.headers.get("Authorization", "")
            secret = header[len(BEARER) :].strip() if header.startswith(BEARER) else ""
            try:
                owner = tokens.user_for(secret)
            except ActionRefused as refusal:
                return _refusal(403, str(refusal))
            if owner is None:
                return _refusal(401, NO_LOGIN)
        return view(request, *args, **kwargs)

    return login_not_required(guarded)


def _token_only(urls):
    """The API's views answer to a token, not a session: LoginRequiredMiddleware must not send
    their callers to the login page (they get 401 in JSON instead). CSRF does not apply either:
    ninja exempts its views, and no session is accepted that a forged request could ride on.

    The documentation is the exception: the docs page is an ordinary page (login required,
    LoginRequiredMiddleware sends a stranger to the login page), and the OpenAPI document
    takes a session or a token."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        if pattern.name == DOCUMENT:
            pattern.callback = _session_or_token(pattern.callback)
        elif pattern.name != DOCS_PAGE:
            login_not_required(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    # The token pages are ordinary pages of the site: login required, session, CSRF.
    path("tokens/", views.token_list, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("", _token_only(api.urls)),
]

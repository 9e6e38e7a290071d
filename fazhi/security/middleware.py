"""Security middleware: headers on every response, the idle timeout, and the steps a user must
finish before anything else (his own password, an authenticator where his roles need one)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from . import actions, session

# Only our own files: no inline script or style (a script injected into a page cannot run),
# no plug-ins, no framing by other sites, forms post only back here.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages for a logged-in user carry personal data: the browser keeps no copy of
            # them on disk, and Back after logout shows nothing (残余信息保护).
            add_never_cache_headers(response)
        return response


class IdleTimeoutMiddleware:
    """A session unused for FAZHI_SESSION_IDLE_MINUTES ends on the server: the next request
    finds itself logged out and is sent to the login page (the login check runs after this)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(session.SEEN)
            if seen is not None and now - seen > settings.FAZHI_SESSION_IDLE_MINUTES * 60:
                logout(request)
                minutes = settings.FAZHI_SESSION_IDLE_MINUTES
                messages.info(request, f"超过 {minutes} 分钟未操作，已自动退出，请重新登录。")
            elif seen is None or now - seen >= session.SEEN_RESOLUTION_SECONDS:
                request.session[session.SEEN] = now
        return self.get_response(request)


STEP_URLS = {actions.PASSWORD: "password_change", actions.ENROL: "security:enrol"}
STEP_MESSAGES = {
    actions.PASSWORD: "请先设置您自己的新密码（首次登录、密码由管理员设置或已超过有效期）。",
    actions.ENROL: "您的角色须使用双因素认证登录，请先绑定手机验证器。",
}
# Reachable while a step is owed: the step pages themselves, and leaving.
ALWAYS_OPEN = {"password_change", "logout", "security:enrol", "security:enrol_qr"}


class RequiredStepsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API answers in JSON, not pages: a session that owes a step gets a refusal there,
        # whatever the address (an unknown one too, before URL resolution would 404 it).
        if request.path.startswith("/api/") and request.user.is_authenticated:
            owed = session.steps(request)
            if owed:
                return HttpResponse(
                    STEP_MESSAGES[owed[0]], status=403, content_type="text/plain; charset=utf-8"
                )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name == "admin:login":
            # The admin site's own login form would log in with the password alone, past the
            # two-factor step: everyone logs in through the one login page.
            return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
        if not request.user.is_authenticated:
            return None
        owed = session.steps(request)
        if not owed:
            return None
        if match is not None and match.view_name in ALWAYS_OPEN:
            return None
        target = STEP_URLS[owed[0]]
        messages.warning(request, STEP_MESSAGES[owed[0]])
        return redirect(reverse(target))

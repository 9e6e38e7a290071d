from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found

from . import audit
from .personal import REASONS_SESSION_KEY


class NotFoundPageMiddleware:
    """A missing page answered with the site's own 页面不存在 page under DEBUG too.

    With DEBUG on (the demo of `make run`), Django answers a path it cannot resolve, and an
    Http404 raised by a view, with its English debug page; a user trying the demo reads the
    page production shows (templates/404.html). Nothing changes with DEBUG off, where Django
    shows that page itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unresolved = getattr(request, "resolver_match", None) is None
        if settings.DEBUG and response.status_code == 404 and unresolved:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class AuditOriginMiddleware:
    """Carries the request's context into what is done while serving it: its source address
    into the audit entries, and the reasons the user gave this session for seeing personal
    data (core.personal) onto the user, where `reveal` looks for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            user.personal_data_reasons = session.get(REASONS_SESSION_KEY, {})
        with audit.origin(audit.client_ip(request), "web"):
            return self.get_response(request)

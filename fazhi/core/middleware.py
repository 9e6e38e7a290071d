from . import audit
from .personal import REASONS_SESSION_KEY


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

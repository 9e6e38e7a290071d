from . import audit


class AuditOriginMiddleware:
    """Carries each request's source address into the audit entries written while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.origin(audit.client_ip(request), "web"):
            return self.get_response(request)

"""What a request does when the database goes away (filled in by issue 9)."""


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

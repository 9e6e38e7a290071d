"""What a request does when the database goes away.

A lost connection (the server restarted, the network dropped, a failover) surfaces as
django.db.OperationalError or InterfaceError from inside a view. Every change runs in one
transaction (an action function, or the import's all-or-nothing write), so by the time the
exception reaches here the database has rolled the change back, or never received it: the user
is told plainly that nothing was saved and to try again, with 503 rather than 500 because the
fault is the service's availability, not the request. The page is rendered without the site's
base template and without context processors: those read the database, which is the thing
that just failed.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("fazhi.faults")

MESSAGE = "数据库暂时无法访问，本次操作未保存，请稍后重试。"
RETRY_AFTER_SECONDS = 30


DATABASE_FAULTS = (OperationalError, InterfaceError)


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_FAULTS):
            return None  # anything else is a bug: Django's 500 handling reports it
        # The operator needs the database's own words; the user gets the Chinese page.
        logger.error(
            "database unavailable during %s %s: %s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return database_unavailable()


def database_unavailable() -> HttpResponse:
    page = render_to_string("core/503.html", {"message": MESSAGE})
    response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, template_name="500.html"):
    """handler500: the same 503 page when the database failed outside any view — in the
    session or authentication middleware, which read it before the view runs and which the
    middleware above does not wrap. Anything else gets Django's own 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_FAULTS):
        return database_unavailable()
    try:
        return django_server_error(request, template_name=template_name)
    except Exception:  # noqa: BLE001 — the 500 page itself must not fail
        return HttpResponseServerError("服务器处理请求时出错，已记录。请稍后重试。")

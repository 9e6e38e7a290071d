from django.urls import include, path

from fazhi.core.admin import admin_site
from fazhi.core.reasons import personal_data_reason
from fazhi.core.register_views import register_urls

urlpatterns = [
    path("admin/", admin_site.urls),
    path("", include("fazhi.portal.urls")),
    path("", include("fazhi.core.urls")),
    path(
        "personal-data/<str:name>/reason/",
        personal_data_reason,
        name="personal_data_reason",
    ),
    path("", include("fazhi.indicators.urls")),
    *register_urls(),
    path("", include("fazhi.imports.urls")),
    path("", include("fazhi.dashboard.urls")),
    path("", include("fazhi.reports.urls")),
    path("", include("fazhi.tables.urls")),
    path("api/", include("fazhi.api.urls")),
]

# A database that fails before any view runs (in the session or login middleware) still gets
# the clear 503 page, not a bare 500.
handler500 = "fazhi.core.faults.server_error"

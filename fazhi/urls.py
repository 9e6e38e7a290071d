from django.urls import include, path

from fazhi.core.admin import admin_site

urlpatterns = [
    path("admin/", admin_site.urls),
    path("", include("fazhi.core.urls")),
    path("", include("fazhi.indicators.urls")),
    path("", include("fazhi.reconsideration.urls")),
    path("", include("fazhi.litigation.urls")),
    path("", include("fazhi.legality.urls")),
    path("", include("fazhi.legality.normative_urls")),
    path("", include("fazhi.enforcement.urls")),
    path("", include("fazhi.legalaid.urls")),
    path("", include("fazhi.legalaid.consultation_urls")),
    path("", include("fazhi.legalaid.notarization_urls")),
    path("", include("fazhi.mediation.urls")),
    path("", include("fazhi.corrections.urls")),
    path("", include("fazhi.corrections.activity_urls")),
    path("", include("fazhi.resettlement.urls")),
    path("", include("fazhi.publicity.urls")),
    path("", include("fazhi.publicity.article_urls")),
    path("", include("fazhi.imports.urls")),
    path("", include("fazhi.dashboard.urls")),
    path("", include("fazhi.reports.urls")),
    path("api/", include("fazhi.api.urls")),
]

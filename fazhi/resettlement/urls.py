from django.urls import path

from fazhi.core.duplicate_views import notices_page

from .columns import REGISTER
from .views import PAGES

app_name = "resettlement_subject"
urlpatterns = [
    *PAGES.urls(),
    path("resettlement/notices/", notices_page(REGISTER.name), name="notices"),
]

from .views import NORMATIVE_PAGES

app_name = "normative"
urlpatterns = NORMATIVE_PAGES.urls()

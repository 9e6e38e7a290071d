from .views import NOTARIZATION_PAGES

app_name = "notarization"
urlpatterns = NOTARIZATION_PAGES.urls()

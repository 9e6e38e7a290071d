from .views import PAGES

app_name = "legal_aid"
urlpatterns = PAGES.urls()

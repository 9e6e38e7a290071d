from .views import PAGES

app_name = "legality"
urlpatterns = PAGES.urls()

from .views import PAGES

app_name = "mediation"
urlpatterns = PAGES.urls()

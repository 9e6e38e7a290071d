from .views import PAGES

app_name = "litigation"
urlpatterns = PAGES.urls()

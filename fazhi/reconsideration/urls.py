from .views import PAGES

app_name = "reconsideration"
urlpatterns = PAGES.urls()

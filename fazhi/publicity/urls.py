from .views import ACTIVITY_PAGES

app_name = "publicity_activity"
urlpatterns = ACTIVITY_PAGES.urls()

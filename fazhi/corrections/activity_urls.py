from .views import ACTIVITY_PAGES

app_name = "corrections_activity"
urlpatterns = ACTIVITY_PAGES.urls()

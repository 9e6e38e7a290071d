from .views import CONSULTATION_PAGES

app_name = "consultation"
urlpatterns = CONSULTATION_PAGES.urls()

from .views import CONSULTATION_URLS

app_name = "consultation"
urlpatterns = CONSULTATION_URLS

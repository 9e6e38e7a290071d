from .views import PAGES

app_name = "resettlement_subject"
urlpatterns = PAGES.urls()

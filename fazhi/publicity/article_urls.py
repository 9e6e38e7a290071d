from .views import ARTICLE_PAGES

app_name = "publicity_article"
urlpatterns = ARTICLE_PAGES.urls()

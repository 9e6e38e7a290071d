from django.urls import path

from . import views

app_name = "tables"
urlpatterns = [
    path("tables/", views.table_list, name="list"),
    path("tables/<slug:key>/", views.table_page, name="table"),
    path("tables/<slug:key>/table.xlsx", views.table_xlsx, name="xlsx"),
    path("tables/<slug:key>/records/", views.cell_records, name="cell"),
]

from django.urls import path

from giamngheo.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_download, name="download"),
    path("chi-tieu/", views.targets, name="targets"),
]

from django.urls import path

from giamngheo.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_download, name="download"),
    path("chi-tieu/", views.targets, name="targets"),
    path("ngheo-da-chieu/", views.mpi, name="mpi"),
    path("qua-cac-nam/", views.history, name="history"),
    path("che-do-bao-cao/", views.regime, name="regime"),
    path("che-do-bao-cao/<int:period_pk>/<str:unit_code>/", views.submission_detail, name="submission"),
    path(
        "che-do-bao-cao/<int:period_pk>/<str:unit_code>/<str:fmt>/",
        views.submission_document,
        name="submission_document",
    ),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/<str:code>/", views.dashboard, name="dashboard_unit"),
]

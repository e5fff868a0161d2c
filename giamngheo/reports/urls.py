from django.urls import path

from giamngheo.reports import views
from giamngheo.reports.tallies import views as tallies_views

app_name = "reports"
urlpatterns = [
    path("", views.report_download, name="download"),
    path("chi-tieu/", views.targets, name="targets"),
    path("ngheo-da-chieu/", views.mpi, name="mpi"),
    path("qua-cac-nam/", views.history, name="history"),
    path("che-do-bao-cao/", views.regime, name="regime"),
    # An agency's report; before the units' routes, which would read "co-quan" as a unit code.
    path("che-do-bao-cao/<int:period_pk>/co-quan/<int:agency_pk>/", views.agency_submission, name="agency_submission"),
    path(
        "che-do-bao-cao/<int:period_pk>/co-quan/<int:agency_pk>/<str:fmt>/",
        views.agency_submission_document,
        name="agency_submission_document",
    ),
    path("che-do-bao-cao/<int:period_pk>/<str:unit_code>/", views.submission_detail, name="submission"),
    path(
        "che-do-bao-cao/<int:period_pk>/<str:unit_code>/<str:fmt>/",
        views.submission_document,
        name="submission_document",
    ),
    path("tong-quan/", tallies_views.dashboard, name="dashboard"),
    path("tong-quan/<str:code>/", tallies_views.dashboard, name="dashboard_unit"),
]

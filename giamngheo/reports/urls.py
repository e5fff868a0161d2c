from django.urls import path

from giamngheo.reports.analysis import views as analysis
from giamngheo.reports.regime import views as regime
from giamngheo.reports.tallies import views as tallies
from giamngheo.reports.targets import views as targets

app_name = "reports"
urlpatterns = [
    path("", regime.report_download, name="download"),
    path("chi-tieu/", targets.targets, name="targets"),
    path("ngheo-da-chieu/", analysis.mpi, name="mpi"),
    path("qua-cac-nam/", analysis.history, name="history"),
    path("che-do-bao-cao/", regime.regime, name="regime"),
    # An agency's report; before the units' routes, which would read "co-quan" as a unit code.
    path("che-do-bao-cao/<int:period_pk>/co-quan/<int:agency_pk>/", regime.agency_submission, name="agency_submission"),
    path(
        "che-do-bao-cao/<int:period_pk>/co-quan/<int:agency_pk>/<str:fmt>/",
        regime.agency_submission_document,
        name="agency_submission_document",
    ),
    path("che-do-bao-cao/<int:period_pk>/<str:unit_code>/", regime.submission_detail, name="submission"),
    path(
        "che-do-bao-cao/<int:period_pk>/<str:unit_code>/<str:fmt>/",
        regime.submission_document,
        name="submission_document",
    ),
    path("tong-quan/", tallies.dashboard, name="dashboard"),
    path("tong-quan/<str:code>/", tallies.dashboard, name="dashboard_unit"),
]

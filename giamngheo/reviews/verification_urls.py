from django.urls import path

from giamngheo.reviews.views import verification

app_name = "verification"
urlpatterns = [
    path("", verification.verification_start, name="start"),
    path("<str:code>/", verification.verification_check, name="check"),
]

from django.urls import path

from giamngheo.reviews.views import verification

app_name = "verification"
urlpatterns = [
    path("", verification.verification_start, name="start"),
    # Before "<str:code>/": these two names are not codes (they hold letters Crockford's alphabet leaves out).
    path("hang-loat/", verification.verification_bulk, name="bulk"),
    path("thong-ke/", verification.verification_counts, name="counts"),
    path("<str:code>/", verification.verification_check, name="check"),
]

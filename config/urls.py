from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="registry:household_list", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("giamngheo.accounts.urls")),
    path("don-vi/", include("giamngheo.registry.village_urls")),
    path("ho/", include("giamngheo.registry.urls")),
    path("ra-soat/", include("giamngheo.reviews.urls")),
    path("bao-cao/", include("giamngheo.reports.urls")),
    path("ho-tro/", include("giamngheo.support.urls")),
    path("xac-minh/", include("giamngheo.reviews.verification_urls")),
    path("", include("giamngheo.standards.urls")),
    path("quan-tri/", admin.site.urls),
]

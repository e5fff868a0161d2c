"""The villages pages, under /don-vi/ (their own namespace, `villages:`)."""

from django.urls import path

from giamngheo.registry.views import villages as views

app_name = "villages"
urlpatterns = [
    path("thon/", views.village_home, name="village_home"),
    path("xa/<int:commune_pk>/thon/", views.village_list, name="village_list"),
    path("xa/<int:commune_pk>/thon/them/", views.village_create_view, name="village_create"),
    path("thon/<int:pk>/sua/", views.village_edit, name="village_edit"),
]

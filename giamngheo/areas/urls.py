from django.urls import path

from giamngheo.areas import views

app_name = "areas"
urlpatterns = [
    path("thon/", views.village_home, name="village_home"),
    path("xa/<int:commune_pk>/thon/", views.village_list, name="village_list"),
    path("xa/<int:commune_pk>/thon/them/", views.village_create_view, name="village_create"),
    path("thon/<int:pk>/sua/", views.village_edit, name="village_edit"),
]

from django.urls import path

from giamngheo.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.self_assessment, name="self_assessment"),
]

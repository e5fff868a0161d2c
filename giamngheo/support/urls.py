from django.urls import path

from giamngheo.support import views

app_name = "support"
urlpatterns = [
    path("ho/<int:household_pk>/", views.support_create, name="create"),
    path("<int:pk>/huy/", views.support_cancel_view, name="cancel"),
]

from django.urls import path

from giamngheo.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.household_list_view, name="household_list"),
    path("them/", views.household_create, name="household_create"),
    path("nhap-tu-tep/", views.household_import_view, name="household_import"),
    path("nhap-tu-tep/bao-cao-loi/", views.household_import_report, name="household_import_report"),
    path("nhap-tu-tep/mau/", views.household_import_template, name="household_import_template"),
    path("<int:pk>/", views.household_detail, name="household_detail"),
    path("<int:pk>/sua/", views.household_edit, name="household_edit"),
    path("<int:pk>/them-thanh-vien/", views.person_add_view, name="person_add"),
    path("<int:pk>/doi-chu-ho/", views.household_head_change, name="household_head_change"),
    path("<int:pk>/tach-ho/", views.household_split_view, name="household_split"),
    path("<int:pk>/nhap-ho/", views.household_merge_view, name="household_merge"),
    path("nhan-khau/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("nhan-khau/<int:pk>/ra-khoi-ho/", views.person_leave_view, name="person_leave"),
]

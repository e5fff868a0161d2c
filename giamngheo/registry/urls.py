from django.urls import path

from giamngheo.registry.views import households, imports, moves

app_name = "registry"
urlpatterns = [
    path("", households.household_list_view, name="household_list"),
    path("them/", households.household_create, name="household_create"),
    path("nhap-tu-tep/", imports.household_import_view, name="household_import"),
    path("nhap-tu-tep/bao-cao-loi/", imports.household_import_report, name="household_import_report"),
    path("nhap-tu-tep/mau/", imports.household_import_template, name="household_import_template"),
    path("<int:pk>/", households.household_detail, name="household_detail"),
    path("<int:pk>/truy-cap/", households.household_reads, name="household_reads"),
    path("<int:pk>/sua/", households.household_edit, name="household_edit"),
    path("<int:pk>/them-thanh-vien/", households.person_add_view, name="person_add"),
    path("<int:pk>/doi-chu-ho/", households.household_head_change, name="household_head_change"),
    path("<int:pk>/tach-ho/", households.household_split_view, name="household_split"),
    path("<int:pk>/nhap-ho/", households.household_merge_view, name="household_merge"),
    path("<int:pk>/chuyen-den-tu/", moves.household_move_in_view, name="household_move_in"),
    path("nhan-khau/<int:pk>/chuyen-den-tu/", moves.person_move_in_view, name="person_move_in"),
    path("nhan-khau/<int:pk>/sua/", households.person_edit, name="person_edit"),
    path("nhan-khau/<int:pk>/ra-khoi-ho/", households.person_leave_view, name="person_leave"),
]

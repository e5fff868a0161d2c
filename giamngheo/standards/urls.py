from django.urls import path

from giamngheo.standards import views

app_name = "standards"
urlpatterns = [
    path("tu-danh-gia/", views.self_assessment, name="self_assessment"),
    path("chuan-ngheo/ho/<int:pk>/phan-loai/", views.household_classify, name="household_classify"),
    path("chuan-ngheo/bang-diem-b1/", views.proxy_tables, name="proxy_tables"),
    path("chuan-ngheo/bang-diem-b1/mau/<str:code>/", views.proxy_table_template_download, name="proxy_table_template"),
]

from django.urls import path

from giamngheo.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("nhat-ky/truy-cap/", views.personal_data_reads, name="read_list"),
]

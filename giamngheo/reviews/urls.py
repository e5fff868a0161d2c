from django.urls import path

from giamngheo.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("them/", views.campaign_new, name="campaign_new"),
    path("don-de-nghi/", views.applications, name="applications"),
    path("nop-truc-tuyen/", views.online_request, name="online_request"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/xa/<int:commune_pk>/", views.commune_work, name="commune_work"),
    path("<int:pk>/xa/<int:commune_pk>/danh-sach.xlsx", views.review_list_download, name="review_list_download"),
    path("<int:pk>/xa/<int:commune_pk>/niem-yet/", views.posting_new, name="posting_new"),
    path("<int:pk>/thon/<int:village_pk>/hop-dan/", views.meeting_new, name="meeting_new"),
    path("ho/<int:pk>/phieu/<str:form_code>/", views.survey, name="survey"),
    path("ho/<int:pk>/phieu/<str:form_code>/tinh-diem/", views.survey_preview, name="survey_preview"),
    path("ho/<int:pk>/khieu-nai/", views.complaint_new, name="complaint_new"),
    path("ho/<int:pk>/tra-loi/", views.refusal_new, name="refusal_new"),
    path("ho/<int:pk>/tra-loi.pdf", views.refusal_pdf, name="refusal_pdf"),
    path("hop-dan/<int:pk>/bien-ban.pdf", views.meeting_minutes, name="meeting_minutes"),
    path("niem-yet/<int:pk>/danh-sach.pdf", views.posting_list, name="posting_list"),
    path("khieu-nai/<int:pk>/phuc-tra/", views.complaint_recheck, name="complaint_recheck"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/van-ban.<str:fmt>", views.decision_document, name="decision_document"),
    path("quyet-dinh/<int:pk>/giay-chung-nhan.pdf", views.decision_certificates, name="decision_certificates"),
    path("giay-chung-nhan/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
]

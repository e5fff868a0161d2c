from django.urls import path

from giamngheo.reviews.views import campaigns, decisions, requests, surveys, village

app_name = "reviews"
urlpatterns = [
    path("", campaigns.campaign_list, name="campaign_list"),
    path("them/", campaigns.campaign_new, name="campaign_new"),
    path("don-de-nghi/", requests.applications, name="applications"),
    path("nop-truc-tuyen/", requests.online_request, name="online_request"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("<int:pk>/xa/<int:commune_pk>/", campaigns.commune_work, name="commune_work"),
    path("<int:pk>/xa/<int:commune_pk>/danh-sach.xlsx", campaigns.review_list_download, name="review_list_download"),
    path("<int:pk>/xa/<int:commune_pk>/niem-yet/", village.posting_new, name="posting_new"),
    path("<int:pk>/thon/<int:village_pk>/hop-dan/", village.meeting_new, name="meeting_new"),
    path("ho/<int:pk>/phieu/<str:form_code>/", surveys.survey, name="survey"),
    path("ho/<int:pk>/phieu/<str:form_code>/tinh-diem/", surveys.survey_preview, name="survey_preview"),
    path("ho/<int:pk>/khieu-nai/", village.complaint_new, name="complaint_new"),
    path("ho/<int:pk>/tra-loi/", decisions.refusal_new, name="refusal_new"),
    path("ho/<int:pk>/tra-loi.pdf", decisions.refusal_pdf, name="refusal_pdf"),
    path("hop-dan/<int:pk>/bien-ban.pdf", village.meeting_minutes, name="meeting_minutes"),
    path("niem-yet/<int:pk>/danh-sach.pdf", village.posting_list, name="posting_list"),
    path("khieu-nai/<int:pk>/phuc-tra/", village.complaint_recheck, name="complaint_recheck"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/van-ban.<str:fmt>", decisions.decision_document, name="decision_document"),
    path("quyet-dinh/<int:pk>/giay-chung-nhan.pdf", decisions.decision_certificates, name="decision_certificates"),
    path("giay-chung-nhan/<int:pk>.pdf", decisions.certificate_pdf, name="certificate_pdf"),
]

from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("open/", views.campaign_open, name="open"),
    path("help/", views.help_page, name="help"),
    path("requests/new/", views.request_create, name="request_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/build/", views.build_list, name="build_list"),
    path("<int:pk>/entries/new/", views.entry_create, name="entry_create"),
    path("<int:pk>/reviewers/", views.reviewers, name="reviewers"),
    path("<int:pk>/entries/<int:entry_pk>/survey-again/", views.entry_rescore, name="entry_rescore"),
    path("<int:pk>/entries/<int:entry_pk>/surveyed/", views.entry_surveyed, name="entry_surveyed"),
    path("<int:pk>/steps/<int:step>/close/", views.close_step, name="close_step"),
    path("<int:pk>/groups/<int:group_pk>/meeting/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/postings/new/", views.posting_create, name="posting_create"),
    path("<int:pk>/posted-list/", views.posting_list, name="posted_list"),
    path("<int:pk>/complaints/new/", views.complaint_create, name="complaint_create"),
    path("<int:pk>/complaints/<int:complaint_pk>/answer/", views.complaint_answer, name="complaint_answer"),
    path("<int:pk>/submit/", views.submission_create, name="submission_create"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/recognise/", views.recognition_create, name="recognition_create"),
    path("<int:pk>/lists/<str:name>/", views.recognised_list, name="recognised_list"),
    path("<int:pk>/certificates/", views.certificates, name="certificates"),
    path("<int:pk>/replies/", views.replies, name="replies"),
    path("<int:pk>/appeals/new/", views.appeal_create, name="appeal_create"),
    path("<int:pk>/appeals/<int:appeal_pk>/decide/", views.appeal_decide, name="appeal_decide"),
]

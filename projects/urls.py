from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("", views.subproject_list, name="subproject_list"),
    path("<int:pk>/", views.subproject_detail, name="subproject_detail"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/supports/new/", views.support_create, name="support_create"),
    path("<int:pk>/supports/export/", views.support_export, name="support_export"),
    path("<int:pk>/candidates/", views.candidate_list, name="candidate_list"),
]

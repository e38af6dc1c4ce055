from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/regenerate/", views.report_regenerate, name="report_regenerate"),
    path("<int:pk>/number/", views.report_number, name="report_number"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/new-version/", views.report_new_version, name="report_new_version"),
    path("<int:pk>/households/<str:key>/", views.indicator_households, name="indicator_households"),
]

from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("<int:pk>/retry/", views.import_retry, name="retry"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<str:kind>/", views.import_start, name="start"),
    path("<str:kind>/template/", views.import_template, name="template"),
]

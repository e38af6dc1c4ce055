from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", views.export_progress, name="export_progress"),
    path("exports/<int:pk>/file/", views.export_file, name="export_file"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("<int:pk>/retry/", views.import_retry, name="retry"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<str:kind>/", views.import_start, name="start"),
    path("<str:kind>/template/", views.import_template, name="template"),
]

from django.urls import path

from households import views
from households.imports import views as imports

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("new/", views.household_create, name="create"),
    path("export/", imports.household_export, name="export"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("imports/<str:kind>/", imports.import_start, name="import_start"),
    path("imports/<str:kind>/template/", imports.import_template, name="import_template"),
    path("<str:code>/", views.household_detail, name="detail"),
    path("<str:code>/edit/", views.household_edit, name="edit"),
    path("<str:code>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("<str:code>/decisions/new/", views.decision_create, name="decision_create"),
]

from django.urls import path

from households import views

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("new/", views.household_create, name="create"),
    path("export/", views.household_export, name="export"),
    path("search/", views.household_search, name="search"),
    path("lookup/", views.household_lookup, name="lookup"),
    path("<str:code>/", views.household_detail, name="detail"),
    path("<str:code>/edit/", views.household_edit, name="edit"),
    path("<str:code>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("<str:code>/decisions/new/", views.decision_create, name="decision_create"),
]

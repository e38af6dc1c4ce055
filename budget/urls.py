from django.urls import path

from budget import views

app_name = "budget"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("ledger/", views.ledger, name="ledger"),
    path("lines/new/", views.allocation_create, name="allocation_create"),
    path("lines/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("lines/<int:pk>/adjust/", views.adjustment_create, name="adjustment_create"),
    path("lines/<int:pk>/carry-over/", views.carry_over_create, name="carry_over_create"),
    path("lines/<int:pk>/pay/", views.disbursement_create, name="disbursement_create"),
    path("lines/<int:pk>/settle/", views.settlement_create, name="settlement_create"),
    path("lines/<int:pk>/reopen/", views.settlement_reopen, name="settlement_reopen"),
    path("payments/<int:pk>/reverse/", views.reversal_create, name="reversal_create"),
]

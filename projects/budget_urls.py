from django.urls import path

from projects import budget_views

app_name = "budget"
urlpatterns = [
    path("", budget_views.overview, name="overview"),
    path("ledger/", budget_views.ledger, name="ledger"),
    path("lines/new/", budget_views.allocation_create, name="allocation_create"),
    path("lines/<int:pk>/", budget_views.allocation_detail, name="allocation_detail"),
    path("lines/<int:pk>/adjust/", budget_views.adjustment_create, name="adjustment_create"),
    path("lines/<int:pk>/carry-over/", budget_views.carry_over_create, name="carry_over_create"),
    path("lines/<int:pk>/pay/", budget_views.disbursement_create, name="disbursement_create"),
    path("lines/<int:pk>/settle/", budget_views.settlement_create, name="settlement_create"),
    path("payments/<int:pk>/reverse/", budget_views.reversal_create, name="reversal_create"),
]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from giamngheo import views
from giamngheo.health import health

urlpatterns = [
    path("", include("home.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The login page offers the language switch too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("households/", include("households.urls")),
    path("imports/", include("imports.urls")),
    path("subprojects/", include("projects.urls")),
    path("budget/", include("budget.urls")),
    path("reports/", include("monitoring.urls")),
    path("reviews/", include("reviews.urls")),
    path("access-changes/", views.access_changes, name="access_changes"),
    path("commune/", views.choose_commune, name="choose_commune"),
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
]

handler400 = "giamngheo.views.bad_request"
handler403 = "giamngheo.views.permission_denied"
handler404 = "giamngheo.views.page_not_found"
handler500 = "giamngheo.views.server_error"

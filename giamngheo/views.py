from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from households.models import Household


@require_safe
def home(request):
    today = timezone.localdate()
    counts = None
    if request.user.has_perm("households.view_household"):
        counts = Household.objects.for_user(request.user).status_counts(today)
    return render(request, "home.html", {"counts": counts, "today": today})

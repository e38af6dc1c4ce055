from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from giamngheo import access
from giamngheo.models import AdministrativeUnit


def ward(request):
    """The commune the user works in, as headings name it today, and the communes they may switch to.

    Queried only if a page uses them.
    """
    commune = getattr(request, "commune", None)
    today = timezone.localdate()

    def heading_unit():
        if commune is not None:
            return commune.unit_on(today)
        user = getattr(request, "user", None)
        # Before login, a single-commune installation names its ward; the province names none.
        return None if user is None or user.is_authenticated else AdministrativeUnit.objects.sole_commune()

    return {
        "ward": SimpleLazyObject(heading_unit),
        "communes": SimpleLazyObject(lambda: access.communes_of(request.user) if hasattr(request, "user") else []),
        "commune": commune,
        "is_province": SimpleLazyObject(lambda: hasattr(request, "user") and access.is_province(request.user)),
    }

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from giamngheo.models import AdministrativeUnit


def ward(request):
    """The ward the installation serves today, for headings; queried only if a page uses it."""
    return {"ward": SimpleLazyObject(lambda: AdministrativeUnit.objects.served_on(timezone.localdate()))}

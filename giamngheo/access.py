"""Which commune a user works in: the one rule every `for_user` applies.

One installation serves every commune of a province. An officer works in the commune of
the unit they belong to (`User.unit.ward`); a user with no unit works in the
installation's commune when it serves only one, and nowhere when it serves several. The
province's standing agency (`giamngheo.view_province`) reads every commune, one at a time
when it has chosen one, and writes nothing (it holds `read_only_access` too).

A commune's records include those of the units merged into it (its lineage): the 2023
plan of Phường Phước Hải belongs to Phường Nam Nha Trang today.
"""

from giamngheo.models import AdministrativeUnit, User

PROVINCE_PERMISSION = "giamngheo.view_province"
SESSION_KEY = "commune"


def is_province(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm(PROVINCE_PERMISSION))


def communes_of(user) -> list[AdministrativeUnit]:
    """The communes a user may work in: the ones the commune switch offers."""
    if not user.is_authenticated:
        return []
    if hasattr(user, "commune_choices"):  # settled for this request (activate)
        return user.commune_choices
    if is_province(user):
        return list(AdministrativeUnit.objects.communes())
    if user.unit_id is not None:
        ward = AdministrativeUnit.objects.filter(units=user.unit_id).first()
        return [ward.current()] if ward else []
    sole = AdministrativeUnit.objects.sole_commune()
    return [sole] if sole else []


def resolve(user, chosen_id: int | None = None) -> tuple[AdministrativeUnit | None, set[int] | None]:
    """The commune a user works in (the chosen one if they may, else their own) and its units.

    The province, having chosen none, works on every commune at once (units None).
    """
    choices = communes_of(user)
    active = next((c for c in choices if c.pk == chosen_id), None)
    if active is None and not is_province(user) and choices:
        active = choices[0]
    if active is not None:
        return active, active.lineage()
    return None, (None if is_province(user) else set())


def activate(user, chosen_id: int | None = None) -> AdministrativeUnit | None:
    """Fix the user's commune for the rest of a request (CommuneMiddleware)."""
    # The switch in the page's header lists them again: read once (65 communes for the province).
    user.commune_choices = communes_of(user)
    user.active_commune, user.commune_units = resolve(user, chosen_id)
    return user.active_commune


def unit_ids(user) -> set[int] | None:
    """The administrative units whose records the user reaches now; None for every unit."""
    if not user.is_authenticated:
        return set()
    if hasattr(user, "commune_units"):
        return user.commune_units
    # Outside a request (a command, a task, a test): decided afresh, as the data stands.
    return resolve(user)[1]


def spans_communes(user) -> bool:
    """Whether the user works on several communes at once (the province, with none chosen):
    their pages sum or list communes where a commune's officer sees groups and households."""
    return unit_ids(user) is None and len(communes_of(user)) > 1


def scope(queryset, user):
    """The rows of a CommuneQuerySet that are in the user's commune: what every for_user starts from."""
    if not user.is_authenticated:
        return queryset.none()
    ids = unit_ids(user)
    return queryset if ids is None else queryset.in_units(ids)


def commune_of(user) -> AdministrativeUnit | None:
    """The commune new records of the user belong to: the active one."""
    if hasattr(user, "active_commune"):
        return user.active_commune
    return resolve(user)[0]


def accounts(user):
    """The accounts of the user's commune: its units' officers; in a one-commune installation, every account."""
    units = unit_ids(user)
    if units is None or (user.is_authenticated and AdministrativeUnit.objects.communes().count() <= 1):
        return User.objects.all()
    return User.objects.filter(unit__ward__in=units)


class CommuneMiddleware:
    """Settle the commune of a signed-in request once, before any view reads a row."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.commune = None
        if request.user.is_authenticated:
            request.commune = activate(request.user, request.session.get(SESSION_KEY))
        return self.get_response(request)

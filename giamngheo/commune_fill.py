"""Filling a new commune column of existing rows, for the migrations that add one."""


def current_commune_id(apps):
    """The commune a single-commune installation serves today (None on an empty database)."""
    AdministrativeUnit = apps.get_model("giamngheo", "AdministrativeUnit")
    communes = list(
        AdministrativeUnit.objects.filter(served=True, level="commune", valid_to__isnull=True).values_list(
            "pk", flat=True
        )[:2]
    )
    if len(communes) > 1:
        raise RuntimeError("Several communes are served: say which commune each existing row belongs to.")
    return communes[0] if communes else None


def fill(apps, app_label: str, *models: str) -> None:
    commune = current_commune_id(apps)
    for name in models:
        model = apps.get_model(app_label, name)
        if commune is None:
            if model.objects.exists():
                raise RuntimeError(f"{app_label}.{name} has rows but no commune is served.")
            continue
        model.objects.filter(commune__isnull=True).update(commune=commune)

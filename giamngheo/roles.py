"""Granting permissions to the ward's roles, for the data migrations that define them."""

from django.contrib.auth.management import create_permissions


def grant(apps, roles: dict[str, list[str]], *, create_groups: bool = False) -> None:
    """Give each group ("Công chức LĐTBXH", ...) the permissions "app_label.codename" listed."""
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in roles.items():
        group = Group.objects.get_or_create(name=name)[0] if create_groups else Group.objects.get(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))

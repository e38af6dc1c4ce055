"""Every change to who may do what is written to AccessChange, whichever screen or command made it.

Signals rather than the admin's save_model: roles are also given by `setup_roles`-style
commands, the shell and data migrations, and a record that only the admin writes would
have holes exactly where an audit looks.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from giamngheo.models import AccessChange, User

# Account settings that give or take away access.
FLAGS = ["is_active", "is_staff", "is_superuser"]


def _changed_by():
    """The signed-in user of the request being served (simple-history's middleware keeps it), if any."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _holder(user: User) -> str:
    return f"{user.get_full_name()} ({user.username})" if user.full_name else user.username


def _permission_name(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename} – {permission.name}"


@receiver(pre_save, sender=User, dispatch_uid="access_log_flags")
def log_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return  # a login's last_login, a profile edit: no access changes
    before = User.objects.filter(pk=instance.pk).values(*FLAGS).first()
    if before is None:
        return
    by = _changed_by()
    AccessChange.objects.bulk_create(
        AccessChange(
            changed_by=by,
            user=instance,
            holder=_holder(instance),
            kind=AccessChange.Kind.FLAG,
            action=AccessChange.Action.GRANTED if getattr(instance, flag) else AccessChange.Action.WITHDRAWN,
            access=str(User._meta.get_field(flag).verbose_name),
        )
        for flag in FLAGS
        if before[flag] != getattr(instance, flag)
    )


# The field from the holder (a user, or a role) to what it is granted.
FORWARD_FIELDS = {(User, Group): "groups", (User, Permission): "user_permissions", (Group, Permission): "permissions"}


def _objects(model, pks):
    queryset = model.objects.filter(pk__in=pks)
    return queryset.select_related("content_type") if model is Permission else queryset


def _m2m_logger(holder_model, granted_model, kind):
    field = FORWARD_FIELDS[holder_model, granted_model]

    def log(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action == "pre_clear":
            # The cleared rows are gone by post_clear: note them now.
            related = holder_model.objects.filter(**{field: instance}) if reverse else getattr(instance, field)
            instance._access_cleared = set(related.values_list("pk", flat=True))
            return
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_access_cleared", set())
        elif action not in ("post_add", "post_remove"):
            return
        if not pk_set:
            return
        # Changed from either side: user.groups.add(role) or role.user_set.add(user).
        if reverse:
            pairs = [(holder, instance) for holder in _objects(holder_model, pk_set)]
        else:
            pairs = [(instance, granted) for granted in _objects(granted_model, pk_set)]
        by = _changed_by()
        change = AccessChange.Action.GRANTED if action == "post_add" else AccessChange.Action.WITHDRAWN
        AccessChange.objects.bulk_create(
            AccessChange(
                changed_by=by,
                user=holder if holder_model is User else None,
                group=granted if granted_model is Group else holder if holder_model is Group else None,
                holder=_holder(holder) if holder_model is User else holder.name,
                kind=kind,
                action=change,
                access=granted.name if granted_model is Group else _permission_name(granted),
            )
            for holder, granted in pairs
        )

    return log


log_roles = _m2m_logger(User, Group, AccessChange.Kind.ROLE)
log_user_permissions = _m2m_logger(User, Permission, AccessChange.Kind.PERMISSION)
log_role_permissions = _m2m_logger(Group, Permission, AccessChange.Kind.ROLE_PERMISSION)
m2m_changed.connect(log_roles, sender=User.groups.through, dispatch_uid="access_log_roles")
m2m_changed.connect(log_user_permissions, sender=User.user_permissions.through, dispatch_uid="access_log_user_perms")
m2m_changed.connect(log_role_permissions, sender=Group.permissions.through, dispatch_uid="access_log_role_perms")

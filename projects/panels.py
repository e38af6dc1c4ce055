from projects.models import SubProject, Support


def household_supports(household, user) -> dict:
    """The household page's "Supports received", with a button per sub-project the user may record in."""
    return {
        "template": "projects/_household_supports.html",
        "supports": Support.objects.for_user(user)
        .filter(household=household)
        .select_related("subproject__plan", "member", "activity"),
        "subprojects": SubProject.objects.editable_by(user).select_related("plan")
        if user.has_perm("projects.add_support")
        else [],
    }

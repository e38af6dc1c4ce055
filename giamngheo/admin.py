from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from giamngheo.models import AdministrativeUnit, ResidentialGroup, Signatory, Unit, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "position", "unit", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal details"), {"fields": ["full_name", "position", "unit", "email"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "full_name", "password1", "password2"]})]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "kind", "area_type", "valid_from", "valid_to", "served"]
    list_filter = ["level", "served"]
    search_fields = ["name", "code"]
    filter_horizontal = ["predecessors"]
    inlines = [SignatoryInline]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "kind", "valid_from", "valid_to"]
    list_filter = ["unit"]
    search_fields = ["name", "code"]
    filter_horizontal = ["predecessors"]
    list_select_related = ["unit"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "ward"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]

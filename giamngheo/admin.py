from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from giamngheo import access
from giamngheo.downloads import download_name
from giamngheo.models import AccessChange, AdministrativeUnit, ResidentialGroup, Signatory, Unit, User


class CommuneScopedAdmin:
    """An admin list of the admin user's commune only: `commune_path` leads from the row to its unit.

    The same rule as every for_user (giamngheo.access), for the tables reached from here only.
    """

    commune_path: str

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        units = access.unit_ids(request.user)
        return queryset if units is None else queryset.filter(**{f"{self.commune_path}__in": units})


class SpreadsheetAdmin(ImportExportModelAdmin):
    """A reference table that goes in and out as a spreadsheet named in Vietnamese, as every download is."""

    def get_export_filename(self, request, queryset, file_format):
        # The name is the same whoever exports: the file is passed on to people in other languages' sessions.
        with translation.override("vi"):
            name = str(self.model._meta.verbose_name_plural)
        return download_name(name, timezone.localdate(), ext=file_format.get_extension())


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


class AdministrativeUnitResource(resources.ModelResource):
    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "level", "kind", "parent", "area_type", "valid_from", "valid_to", "served"]
        # The model's own checks (a period that ends before it starts) apply to imported rows too.
        clean_model_instances = True


class ResidentialGroupResource(resources.ModelResource):
    class Meta:
        model = ResidentialGroup
        fields = ["id", "unit", "code", "name", "kind", "valid_from", "valid_to", "predecessors"]
        clean_model_instances = True


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SpreadsheetAdmin):
    resource_classes = [AdministrativeUnitResource]
    list_display = ["name", "code", "level", "kind", "area_type", "valid_from", "valid_to", "served"]
    list_filter = ["level", "served"]
    search_fields = ["name", "code"]
    filter_horizontal = ["predecessors"]
    inlines = [SignatoryInline]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(CommuneScopedAdmin, SpreadsheetAdmin):
    commune_path = "unit"
    resource_classes = [ResidentialGroupResource]
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


@admin.register(AccessChange)
class AccessChangeAdmin(admin.ModelAdmin):
    """The log of role and permission changes: written by giamngheo.access_log only, never by hand."""

    list_display = ["changed_at", "changed_by", "holder", "action", "kind", "access"]
    list_filter = ["kind", "action"]
    search_fields = ["holder", "access"]
    list_select_related = ["changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""The household list as the import template's columns: an export imports back unchanged.

A province exports hundreds of thousands of members, so rows are read as tuples
(values_list), never as model instances: the households in chunks from one cursor,
and each chunk's members in one query, head first. Two queries a chunk, whatever
the number of households.
"""

from operator import itemgetter
from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _

from giamngheo import access
from giamngheo.models import AdministrativeUnit
from households.filters import HouseholdFilter
from households.importers.columns import HOUSEHOLD_COLUMNS
from households.models import Household, Member, mask_citizen_id
from imports import files
from imports.columns import Column
from imports.registry import ExportRows

CHUNK_SIZE = 2000
# The household's side of a row: a column's key and the field it comes from.
HOUSEHOLD_FIELDS = {
    "code": "code",
    "group": "residential_group__code",
    "address": "address",
    "area_type": "area_type",
    "phone": "phone",
    "note": "note",
    "household_since": "entered_on",
}


# Across the province group codes repeat from commune to commune: its export names the commune.
# Not an import column: the province imports nothing.
COMMUNE_COLUMN = Column("commune", "Xã, phường", _("The commune the household belongs to now."), width=24)


def export_columns(user) -> list[Column]:
    """The import template's columns the user may read, and the commune's for the whole province."""
    columns = files.columns_for(HOUSEHOLD_COLUMNS, user)
    return [COMMUNE_COLUMN, *columns] if access.spans_communes(user) else columns


def export_filter(user, params, request=None):
    """The household list's filter as the export applies it, to the households the user may see."""
    # The filter reads only the request's user (the groups it offers): the task worker,
    # which has no request, gives it the officer who asked.
    request = request or SimpleNamespace(user=user)
    return HouseholdFilter(params or None, queryset=Household.objects.for_user(user), request=request)


def export_rows(user, params) -> ExportRows:
    """The synchronous export's rows for the same filters and user: the export kind "households"."""
    columns = export_columns(user)
    households = export_filter(user, params).qs
    total = Member.objects.filter(household__in=households.values("pk")).count()
    return ExportRows(columns=columns, rows=household_rows(households, columns, user), total=total)


def household_rows(households, columns, user):
    """One row a member, in the households' order, with values in column order (codes, not labels)."""
    fields = dict(HOUSEHOLD_FIELDS)
    communes = None
    if any(column.key == COMMUNE_COLUMN.key for column in columns):
        fields[COMMUNE_COLUMN.key] = "residential_group__unit_id"
        communes = {unit: commune.name for unit, commune in AdministrativeUnit.objects.commune_of_units().items()}
    household_fields = ["pk", *fields.values()]
    member_fields = [column.key for column in columns if column.key not in fields]
    # A row is the household's values then the member's, picked into column order.
    positions = {key: index for index, key in enumerate(["pk", *fields])}
    positions.update({key: len(household_fields) + index for index, key in enumerate(member_fields)})
    pick = itemgetter(*(positions[column.key] for column in columns))
    single = len(columns) == 1
    citizen_id = member_fields.index("citizen_id") + 1 if "citizen_id" in member_fields else None
    show = _full_citizen_id if user.has_perm("households.view_citizen_id") else mask_citizen_id
    chunk = []
    commune_at = len(household_fields) - 1  # the commune's field comes last when there is one
    for household in households.values_list(*household_fields).iterator(chunk_size=CHUNK_SIZE):
        if communes is not None:
            household = (*household[:commune_at], communes.get(household[commune_at], ""))
        chunk.append(household)
        if len(chunk) == CHUNK_SIZE:
            yield from _chunk_rows(chunk, member_fields, citizen_id, show, pick, single)
            chunk = []
    if chunk:
        yield from _chunk_rows(chunk, member_fields, citizen_id, show, pick, single)


def _chunk_rows(chunk, member_fields, citizen_id, show, pick, single):
    members = {}
    found = Member.objects.filter(household_id__in=[household[0] for household in chunk]).head_first()
    for member in found.values_list("household_id", *member_fields):
        if citizen_id is not None:
            member = (*member[:citizen_id], show(member[citizen_id]), *member[citizen_id + 1 :])
        members.setdefault(member[0], []).append(member[1:])
    for household in chunk:
        for member in members.get(household[0], ()):
            row = pick(household + member)
            yield [row] if single else list(row)


def _full_citizen_id(number):
    return number or ""

"""The household list as the import template's columns: an export imports back unchanged.

A province exports hundreds of thousands of members, so rows are read as tuples
(values_list), never as model instances: the households in chunks from one cursor,
and each chunk's members in one query, head first. Two queries a chunk, whatever
the number of households.
"""

from operator import itemgetter

from households.models import Member, mask_citizen_id

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


def household_rows(households, columns, user):
    """One row a member, in the households' order, with values in column order (codes, not labels)."""
    household_fields = ["pk", *HOUSEHOLD_FIELDS.values()]
    member_fields = [column.key for column in columns if column.key not in HOUSEHOLD_FIELDS]
    # A row is the household's values then the member's, picked into column order.
    positions = {key: index for index, key in enumerate(["pk", *HOUSEHOLD_FIELDS])}
    positions.update({key: len(household_fields) + index for index, key in enumerate(member_fields)})
    pick = itemgetter(*(positions[column.key] for column in columns))
    single = len(columns) == 1
    citizen_id = member_fields.index("citizen_id") + 1 if "citizen_id" in member_fields else None
    show = _full_citizen_id if user.has_perm("households.view_citizen_id") else mask_citizen_id
    chunk = []
    for household in households.values_list(*household_fields).iterator(chunk_size=CHUNK_SIZE):
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

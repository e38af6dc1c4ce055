"""The household list as the import template's columns: an export imports back unchanged."""

from django.db.models import Prefetch

from households.models import Member


def household_rows(households, columns, user):
    full_ids = user.has_perm("households.view_citizen_id")
    members = Member.objects.head_first()
    queryset = households.select_related("residential_group").prefetch_related(Prefetch("members", queryset=members))
    for household in queryset.iterator(chunk_size=500):
        for member in household.members.all():
            row = []
            for column in columns:
                key = column.key
                if key == "code":
                    row.append(household.code)
                elif key == "group":
                    row.append(household.residential_group.code)
                elif key in ("address", "area_type", "phone", "note"):
                    row.append(getattr(household, key))
                elif key == "household_since":
                    row.append(household.entered_on)
                elif key == "citizen_id":
                    row.append((member.citizen_id or "") if full_ids else member.masked_citizen_id())
                else:
                    row.append(getattr(member, key))
            yield row

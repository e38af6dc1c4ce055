"""A list of households as the ward prints it: headings, every row, a count and signatures.

The household list and a report figure's drill-down print through `printed_list`, so
every printed list has the same headings, columns and signature block. It reads a
fixed number of queries whatever the length of the list: the households in chunks,
each chunk with its heads' citizen IDs, then the ward and its signatory.
"""

from datetime import date

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from giamngheo import access
from giamngheo.documents import issuer
from giamngheo.models import AdministrativeUnit
from households import status
from households.choices import Relation
from households.models import Member

CHUNK = 1000


def rows(households, day: date):
    """The households with what a printed row shows, read `CHUNK` at a time.

    `households` must carry `status_on` and `escaped_on` for `day` (with_status_on).
    """
    cutoff = status.recent_escape_cutoff(day)
    escaped_to = status.escape().status
    heads = Prefetch("members", queryset=Member.objects.filter(relation=Relation.HEAD), to_attr="heads")
    queryset = households.with_member_count().select_related("residential_group").prefetch_related(heads)
    for household in queryset.iterator(chunk_size=CHUNK):
        household.head = household.heads[0] if household.heads else None
        household.recently_escaped = bool(
            household.escaped_on and household.escaped_on >= cutoff and household.status_on in escaped_to
        )
        yield household


def name_communes(households):
    """Give each household the commune its group belongs to today, for a list across the province."""
    commune_of = AdministrativeUnit.objects.commune_of_units()
    for household in households:
        household.commune = commune_of.get(household.residential_group.unit_id)
    return households


def printed_list(request, households, *, day: date, title: str, lines=(), back_url: str):
    """The page of a printed list; `households` as for `rows`, already in the list's order."""
    several = access.spans_communes(request.user)
    printed = list(rows(households, day))
    return render(
        request,
        "households/printed_list.html",
        {
            "households": name_communes(printed) if several else printed,
            "several_communes": several,
            "day": day,
            "title": title,
            "lines": lines,
            "back_url": back_url,
            "issuer": issuer(timezone.localdate(), commune=request.commune),
        },
    )

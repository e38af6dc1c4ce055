"""The kinds of import the apps offer, registered from their AppConfig.ready().

The engine knows no feature app: each app describes its imports here (the importer,
its columns, the permission it needs, the template's file name and where to go back
to), and the pages, the commands and the background task find them by kind.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ImportKind:
    key: str
    title: object  # a lazy translation
    importer_path: str  # dotted path of the Importer subclass, imported on first use
    columns_path: str  # dotted path of the column list, or of a function returning it
    permission: str
    template_name: str
    back_url: str  # a URL name

    def importer(self) -> type:
        return import_string(self.importer_path)

    def columns(self) -> list:
        columns = import_string(self.columns_path)
        return columns() if callable(columns) else columns


_KINDS: dict[str, ImportKind] = {}


def register(*kinds: ImportKind) -> None:
    for kind in kinds:
        _KINDS[kind.key] = kind


def get(key: str) -> ImportKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise Http404 from None


def keys() -> list[str]:
    return list(_KINDS)

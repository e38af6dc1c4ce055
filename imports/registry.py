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


@dataclass(frozen=True)
class ExportKind:
    """A list an app lets the task worker write (imports.exports): rows from the list's filters.

    rows_path names a function (user, params) -> ExportRows: the filters are the list's
    query parameters as the export view received them, and the function applies the same
    access rule and masking as the app's own export for that user.
    """

    key: str
    title: object  # a lazy translation
    rows_path: str
    permission: str
    file_words: tuple  # the download's name, as giamngheo.downloads.download_name takes it (the day is added)
    back_url: str  # a URL name: the list the export came from

    def rows(self, user, params) -> "ExportRows":
        return import_string(self.rows_path)(user, params)


@dataclass
class ExportRows:
    columns: list  # imports.columns.Column, already cut to what the user may see
    rows: object  # an iterable of rows of values in column order
    total: int  # how many rows there will be, for the progress bar


_EXPORT_KINDS: dict[str, ExportKind] = {}


def register_export(*kinds: ExportKind) -> None:
    for kind in kinds:
        _EXPORT_KINDS[kind.key] = kind


def get_export(key: str) -> ExportKind:
    try:
        return _EXPORT_KINDS[key]
    except KeyError:
        raise Http404 from None

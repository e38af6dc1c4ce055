"""Files sent to the browser to be saved, under the name they are saved as."""

from datetime import date

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from giamngheo.text import fold


def download_name(*parts, ext: str) -> str:
    """The name a download is saved under: Vietnamese words without accents, joined by hyphens.

    download_name("Báo cáo", 2023, "bản", 1, ext="xlsx") -> "bao-cao-2023-ban-1.xlsx".
    Accents are dropped because the name travels through e-mail, Zalo and USB sticks
    whose software mangles them; the words stay Vietnamese because officers read them.
    A date is written year first, so a folder of downloads sorts by day.
    """
    words = []
    for part in parts:
        if isinstance(part, date):
            part = f"{part:%Y-%m-%d}"
        if slug := slugify(fold(str(part))):
            words.append(slug)
    return f"{'-'.join(words)}.{ext}"


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download; a non-ASCII name is sent RFC 6266 style (filename*=utf-8''…), as FileResponse would.

    An HttpResponse rather than a FileResponse: the content is in memory already, so
    streaming it buys nothing, and callers and tests read response.content.
    """
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": content_disposition_header(True, filename)}
    )

"""Files sent to the browser to be saved, under the name they are saved as."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download; a non-ASCII name is sent RFC 6266 style (filename*=utf-8''…), as FileResponse would.

    An HttpResponse rather than a FileResponse: the content is in memory already, so
    streaming it buys nothing, and callers and tests read response.content.
    """
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": content_disposition_header(True, filename)}
    )

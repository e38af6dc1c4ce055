"""The client's address behind the ward's reverse proxy, for lock-out and nothing else.

nginx appends the address it saw to X-Forwarded-For; whatever stands to the left of
that was sent by the client and may be forged. So: only when the request comes from
a trusted proxy (GIAMNGHEO_TRUSTED_PROXIES), walk X-Forwarded-For from the right past
the trusted proxies and take the first address that is not one of them. Without a
trusted proxy the header is ignored and REMOTE_ADDR is the client.

django-ipware was tried first: with one nginx in front its proxy_count either returns
the forged left-most address or falls back to the proxy's own address, which is the
lock-out of every account from behind the proxy this module exists to prevent.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.GIAMNGHEO_TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    if not remote or not _is_trusted(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if not _is_trusted(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a malformed hop: count the proxy, never a made-up address
    return remote

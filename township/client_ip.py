"""The client's address, read correctly behind a known number of trusted proxies.

django-axes locks on (user name, address). Behind a reverse proxy every request comes from
the proxy's address, so five bad passwords from anyone would lock the account for
everyone. With TRUSTED_PROXY_COUNT = N (the proxies in front of the app, each appending
the address it received the request from to X-Forwarded-For), the client is the N-th
address from the right: anything left of it was written by the client and may be forged.
With N = 0 (the default, no proxy) forwarded headers are ignored entirely.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address to lock on and log: REMOTE_ADDR unless trusted proxies say otherwise."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through all of them.
        return remote
    return _valid(forwarded[-proxies]) or remote

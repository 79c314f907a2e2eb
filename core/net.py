"""The client's address, behind a reverse proxy only when that proxy is trusted.

X-Forwarded-For is believed only when the direct peer (REMOTE_ADDR) is listed in
settings.TRUSTED_PROXIES; hops are read from the right, skipping trusted proxies, so a client
cannot forge its address by sending the header itself.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote

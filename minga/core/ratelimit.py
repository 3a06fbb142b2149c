"""One rate limit for every form that writes (ARCHITECTURE.md §5).

A middleware counts each signed-in person's write requests (POST, PUT, PATCH, DELETE) in fixed
windows held in the cache (Redis in production, so the limit holds across processes). Sign-in,
sign-up and password reset are limited by django-allauth itself (ACCOUNT_RATE_LIMITS). Nothing
about the request other than the person's id is used: no IP address is read or stored.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def hit(key: str, limit: int, period: int) -> bool:
    """Count one hit in the current window; False when the limit is exceeded."""
    window = int(time.time() // period)
    cache_key = f"minga:rl:{key}:{period}:{window}"
    if cache.add(cache_key, 1, timeout=period + 5):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 5)
        count = 1
    return count <= limit


class WriteRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        limits: list[tuple[int, int]] = getattr(settings, "MINGA_WRITE_RATE_LIMITS", [])
        if request.method in WRITE_METHODS and user is not None and user.is_authenticated:
            for limit, period in limits:
                if not hit(f"user:{user.pk}", limit, period):
                    response = render(
                        request,
                        "429.html",
                        {"retry_after": period},
                        status=429,
                    )
                    response["Retry-After"] = str(period)
                    return response
        return self.get_response(request)

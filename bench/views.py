from django.http import HttpRequest, HttpResponse


def trivial(request: HttpRequest) -> HttpResponse:
    """The baseline: the full middleware stack, no database, no template."""
    return HttpResponse(b"ok", content_type="text/plain")

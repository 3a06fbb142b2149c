from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({})


def not_built_yet(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Temporary route target while apps are wired in; removed before the first commit."""
    return JsonResponse({}, status=501)

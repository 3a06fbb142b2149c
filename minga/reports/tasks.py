"""Background tasks of reports (django.tasks: the worker runs them; immediately in tests)."""

from django.tasks import task


@task()
def build_pdf(build_id: int) -> int:
    from .actions import do_build_pdf

    build = do_build_pdf(None, build_id)
    return build.pk if build is not None else 0

"""URLconf used when MINGA_BENCH=1: the project's URLs plus the trivial baseline view."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

from .views import trivial

urlpatterns = [path("bench/trivial", trivial, name="bench-trivial"), *project_urlpatterns]

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from minga.core import views as core_views
from minga.reports.evaluation_views import evaluation as reports_evaluation

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("minga.opendata.api_urls")),
    path("feeds/", include("minga.initiatives.feeds_urls")),
    path("reviews/", include("minga.hearings.calendar_urls")),
    path("feeds/", include("minga.reports.feeds_urls")),
    path("feeds/", include("minga.followup.feeds_urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("minga.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("organizations/", include("minga.stakeholders.urls")),
    path("reviews/", include("minga.reviews.urls")),
    path("proposals/", include("minga.proposals.urls")),
    path("dialogue/", include("minga.dialogue.urls")),
    path("initiatives/", include("minga.initiatives.urls")),
    path("practices/", include("minga.practices.urls")),
    path("sessions/", include("minga.hearings.urls")),
    path("monitoring/", include("minga.monitoring.urls")),
    path("reports/", include("minga.reports.urls")),
    path("evaluation/", reports_evaluation, name="evaluation"),
    path("recommendations/", include("minga.followup.urls")),
    path("notifications/", include("minga.notifications.urls")),
    path("moderation/", include("minga.moderation.urls")),
    path("search/", include("minga.search.urls")),
    path("data/", include("minga.opendata.urls")),
    path("committee/", include("minga.committee.urls")),
    path("", include("minga.opendata.dashboard_urls")),
    path("", include("minga.gcm.urls")),
    path("", include("minga.reviews.home_urls")),
    prefix_default_language=True,
)

if settings.DEBUG or not settings.PRODUCTION:
    # In production the reverse proxy (or object storage) serves uploaded files.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

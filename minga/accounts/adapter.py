from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """After login, switch the interface to the person's preferred language."""
        from django.utils import translation

        language = getattr(request.user, "preferred_language", "") or translation.get_language()
        translation.activate(language)
        return super().get_login_redirect_url(request)

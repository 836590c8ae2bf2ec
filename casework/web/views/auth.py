"""Signing in and out, with Django's own views in GOV.UK pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from casework.web.forms.base import GovForm
from casework.web.navigation import start_page


class SignInForm(AuthenticationForm, GovForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is switched off: ask an administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        # GOV.UK: do not move focus for the user; screen reader users lose the page's context.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class SignIn(auth_views.LoginView):
    template_name = "web/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # With the demo loaded (DEBUG only), say which logins exist, so a new user can click through at once.
        if settings.DEBUG:
            from casework.demo.staff import DEMO_PASSWORD, demo_users, logins

            if demo_users().exists():
                context["demo_logins"] = logins()
                context["demo_password"] = DEMO_PASSWORD
        return context

    def get_default_redirect_url(self) -> str:
        return start_page(self.request.user)


class SignOut(auth_views.LogoutView):
    next_page = "web:sign-in"

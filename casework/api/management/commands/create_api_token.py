"""`manage.py create_api_token <username> --name "<integration>"`: issue a token; the key is shown once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from casework.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token acting as a member of staff. The key is printed once and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The member of staff the integration acts as")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'CRM integration'")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['username']!r}")
        name = options["name"].strip()
        if not name or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters")
        token, key = ApiToken.issue(user=user, name=name)
        self.stderr.write(f"Token {token.prefix}… for {user.get_username()} ({name}). Keep the key safe:")
        self.stdout.write(key)

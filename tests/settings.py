"""Settings for the test suite: the real settings, with a throwaway key and fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-not-a-secret")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Serve static files through the finders, as `make run` does, so tests need no collectstatic.
WHITENOISE_AUTOREFRESH = True

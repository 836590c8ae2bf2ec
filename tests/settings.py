"""Settings for the test suite: the real settings, with a throwaway key and fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-not-a-secret")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Serve static files through the finders, as `make run` does, so tests need no collectstatic.
WHITENOISE_AUTOREFRESH = True

# Evidence goes to a throwaway folder per test run, never into var/.
import tempfile  # noqa: E402

STORAGES["evidence"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp(prefix="casework-evidence-"), "base_url": None},
}

# Links in residents' emails point at the test client's host.
CASEWORK_PUBLIC_URL = "http://testserver"

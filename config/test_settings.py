"""Settings for the test suite: the real settings, with a fast password hasher."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tasks run at once in the test process, so a test sees the finished job.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Run at once, the preparation of printed reports would lay a province's PDFs out after every write of every test;
# the tests of it turn it on (reports/tests/test_printed_reports.py).
PREPARE_REPORT_PDFS = False

# The test servers (client, live_server) serve static files through staticfiles' finders; WhiteNoise would only warn
# that the collected-files directory does not exist.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405

# Uploaded files and import reports written by tests go to a throw-away folder, not the demo's var/.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="giamngheo-test-media-"))

# On SQLite the test database is a file, not Django's shared in-memory database. SQLite's Vietnamese collation is a
# Python function (common.apps); in one shared-cache database the live server's threads can deadlock on it, one
# holding SQLite's shared-cache lock while it waits for the interpreter lock, the other the reverse. A file gives
# each connection its own cache, as a deployment on SQLite has.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    import os

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"giamngheo-test-{os.getpid()}.sqlite3")
    }

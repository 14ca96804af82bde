"""WSGI entry point: `gunicorn shopsite.wsgi`."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve what `manage.py check` refuses
# (development secrets, demo credentials, a console email backend without DEBUG).
from django.core import checks  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

_serious = [m for m in checks.run_checks() if m.is_serious() and not m.is_silenced()]
if _serious:
    raise ImproperlyConfigured("Refusing to serve:\n" + "\n".join(f"{m.id}: {m.msg}" for m in _serious))

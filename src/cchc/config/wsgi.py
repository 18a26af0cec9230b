"""WSGI entry point (gunicorn cchc.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
application = get_wsgi_application()

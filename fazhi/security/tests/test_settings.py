"""The production settings (DEBUG off) turn on secure cookies, HTTPS redirect and HSTS; the
authentication settings have the values GB/T 22239 asks for."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_HTTPONLY",
]}))
"""


def production_settings() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "HTTPS", "SECURE_HSTS_SECONDS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        SECRET_KEY="production-like-" + "k" * 50,
        FAZHI_DATA_KEYS="prod:" + "11" * 32,
        ALLOWED_HOSTS="fazhi.example.gov.cn",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_have_secure_cookies_and_hsts():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]


def test_the_authentication_settings():
    assert settings.FAZHI_PASSWORD_MAX_AGE_DAYS == 90
    assert settings.FAZHI_SESSION_IDLE_MINUTES == 30
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AXES_RESET_ON_SUCCESS
    assert settings.AUTHENTICATION_BACKENDS[0] == "fazhi.security.backends.LockoutBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    validators = {v["NAME"] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert "fazhi.core.passwords.CharacterClassValidator" in validators
    assert "fazhi.core.passwords.NotUsernameValidator" in validators

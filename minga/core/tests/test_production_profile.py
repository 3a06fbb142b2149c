"""The production profile (MINGA_PROFILE=prod) passes `manage.py check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def prod_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MINGA_PROFILE": "prod",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "minga.example.org",
            "CSRF_TRUSTED_ORIGINS": "https://minga.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "EMAIL_HOST": "smtp.example.org",
            "MINGA_VAR_DIR": str(tmp_path),
            # Monitoring's offline recovery key (a public key; any valid one).
            "MINGA_MONITORING_RECOVERY_PUBLIC_KEY": "Avr2u5BKTAvvM3lBNsQZdyoSHGxvF8M1X8dcmHvKsGo=",
        }
    )
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_in_the_production_profile(tmp_path: Path) -> None:
    result = manage(prod_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_warns_without_a_monitoring_recovery_key(tmp_path: Path) -> None:
    env = prod_env(tmp_path)
    del env["MINGA_MONITORING_RECOVERY_PUBLIC_KEY"]
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "monitoring.W001" in result.stdout + result.stderr


def test_production_needs_a_secret_key(tmp_path: Path) -> None:
    env = prod_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_or_console_mail_in_production_fail_the_deploy_check(tmp_path: Path) -> None:
    debug = manage(prod_env(tmp_path, DEBUG="1"), "check", "--deploy", "--fail-level", "WARNING")
    assert debug.returncode != 0
    assert "DEBUG" in debug.stderr

    env = prod_env(tmp_path)
    del env["EMAIL_HOST"]
    console_mail = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert console_mail.returncode != 0
    assert "email backend" in console_mail.stderr


def test_production_settings_values(tmp_path: Path) -> None:
    """Secure cookies, HSTS and SSL redirect, but /healthz reachable over plain HTTP."""
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_REDIRECT_EXEMPT,"
        " s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[1])"
    )
    result = manage(prod_env(tmp_path), "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(maxsplit=5)[:5] == ["False", "True", "True", "True", "True"]
    assert "^healthz$" in result.stdout
    assert "CompressedManifestStaticFilesStorage" in result.stdout


def test_rate_limits_are_on_outside_tests(tmp_path: Path) -> None:
    code = (
        "from allauth.account import app_settings as a;"
        "print(a.RATE_LIMITS['login'], a.RATE_LIMITS['signup'], a.RATE_LIMITS['reset_password'])"
    )
    result = manage(prod_env(tmp_path), "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    login, signup, reset = result.stdout.split()
    assert "/m/ip" in login
    assert "/m/ip" in signup
    assert "/m/" in reset

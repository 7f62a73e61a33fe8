"""Every environment setting the stack reads, read once, in one place.

`Settings.from_env()` reads the environment (defaults below); `server_env()` and
`rasa_env()` give the environment each process is started with (quiet logging
everywhere, TensorFlow's thread pools for the Rasa server only).

Pre-launch checks (the extension point): `PRE_LAUNCH_CHECKS` is a list of
functions `check(settings) -> list[str]`, each returning error messages that name
the setting at fault (empty when all is well). `python -m stack run` runs them all
with `problems()` before anything starts and stops with the messages. Add a check
with `register_check(function)` (e.g. from the module that owns the setting).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Quiet logging for every process the stack starts.
QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "RASA_TELEMETRY_ENABLED": "false",
}
# TensorFlow's thread pools for 2 cores, for the Rasa server (and training) only:
# Rasa imports TensorFlow when it sees these, and the action server does not need it.
TF_THREAD_ENV = {
    "TF_INTRA_OP_PARALLELISM_THREADS": "2",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
}
PROFILES = {"dev": "endpoints.yml", "prod": "endpoints.prod.yml"}
# endpoints.prod.yml's variables and their defaults (PostgreSQL and Redis on this
# machine); the passwords default to empty and come from the environment only.
PROD_DEFAULTS = {
    "PG_HOST": "127.0.0.1",
    "PG_PORT": "5432",
    "PG_DATABASE": "rasa",
    "PG_USER": "rasa",
    "PG_PASSWORD": "",
    "PG_SSLMODE": "prefer",
    "REDIS_HOST": "127.0.0.1",
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
    "REDIS_PASSWORD": "",
    "REDIS_KEY_PREFIX": "cart",
    # Connections per replica (Rasa reads these; its own defaults are 50 + 100).
    "SQL_POOL_SIZE": "5",
    "SQL_MAX_OVERFLOW": "5",
}


@dataclass
class Settings:
    """What `make run` / `python -m stack run` and the tests start the stack with."""

    host: str = "127.0.0.1"
    action_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8080
    profile: str = "dev"
    endpoints: str | None = None  # default: the profile's file
    model: Path = ROOT / "models" / "car-t.tar.gz"
    logs: Path = ROOT / "test-output" / "logs"
    var: Path = ROOT / "var"
    tracker_db: Path = ROOT / "var" / "conversations.db"
    cors_origins: list[str] = field(default_factory=list)  # default: the web page's
    rasa_url: str | None = None  # what the page calls; default from host/port
    enable_api: bool = False
    rasa_token: str = ""
    jwt_secret: str = ""
    jwt_method: str = "HS256"
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)

        def port(name: str, default: int) -> int:
            value = env.get(name, "")
            return int(value) if value.isdigit() else default

        tracker_db = Path(env.get("TRACKER_DB") or ROOT / "var" / "conversations.db")
        return cls(
            host=env.get("HOST") or "127.0.0.1",
            action_host=env.get("ACTION_HOST") or "127.0.0.1",
            rasa_port=port("RASA_PORT", 5005),
            action_port=port("ACTION_PORT", 5055),
            web_port=port("WEB_PORT", 8080),
            profile=env.get("PROFILE") or "dev",
            endpoints=env.get("ENDPOINTS") or None,
            model=Path(env.get("MODEL") or ROOT / "models" / "car-t.tar.gz"),
            tracker_db=tracker_db if tracker_db.is_absolute() else ROOT / tracker_db,
            cors_origins=(env.get("CORS_ORIGINS") or "").split(),
            rasa_url=env.get("RASA_URL") or None,
            enable_api=env.get("ENABLE_API", "0") == "1",
            rasa_token=env.get("RASA_TOKEN", ""),
            jwt_secret=env.get("RASA_JWT_SECRET", ""),
            jwt_method=env.get("RASA_JWT_METHOD") or "HS256",
            environ=env,
        )

    @property
    def endpoints_file(self) -> str:
        return self.endpoints or PROFILES.get(self.profile, PROFILES["dev"])

    @property
    def public_host(self) -> str:
        """Where a browser on this machine reaches a server bound to `host`."""
        return "127.0.0.1" if self.host == "0.0.0.0" else self.host

    @property
    def rasa_base_url(self) -> str:
        return self.rasa_url or f"http://{self.public_host}:{self.rasa_port}"

    @property
    def web_origins(self) -> list[str]:
        """The CORS allow-list: CORS_ORIGINS, or the demo page's own origins."""
        return self.cors_origins or [
            f"http://127.0.0.1:{self.web_port}",
            f"http://localhost:{self.web_port}",
        ]

    def api_args(self) -> list[str]:
        """Rasa's HTTP API: off unless ENABLE_API=1, and then only with auth."""
        if not self.enable_api:
            return []
        if self.rasa_token:
            return ["--enable-api", "--auth-token", self.rasa_token]
        return [
            "--enable-api",
            *["--jwt-secret", self.jwt_secret, "--jwt-method", self.jwt_method],
        ]

    def server_env(self) -> dict[str, str]:
        """The environment of every server: ours, quiet, without TF thread pools."""
        env = {**self.environ, **QUIET_ENV}
        env.setdefault("ACTION_ENDPOINT_URL", self.action_endpoint_url)
        env.setdefault("TRACKER_DB", str(self.tracker_db))
        if self.profile == "prod":
            for name, value in PROD_DEFAULTS.items():
                env.setdefault(name, value)
        for name in TF_THREAD_ENV:
            env.pop(name, None)
        return env

    def rasa_env(self) -> dict[str, str]:
        """The Rasa server's environment: `server_env()` plus TF's thread pools."""
        return {**self.server_env(), **TF_THREAD_ENV}

    @property
    def action_endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}/webhook"


Check = Callable[[Settings], list[str]]


def check_profile(settings: Settings) -> list[str]:
    if settings.profile not in PROFILES:
        return [f"PROFILE must be dev or prod, not {settings.profile!r}"]
    return []


def _check_ports(settings: Settings) -> list[str]:
    errors = []
    for name in ("RASA_PORT", "ACTION_PORT", "WEB_PORT"):
        value = settings.environ.get(name, "")
        if value and not (value.isdigit() and 0 < int(value) < 65536):
            errors.append(f"{name} must be a port number (1-65535), not {value!r}")
    return errors


def _check_api(settings: Settings) -> list[str]:
    if settings.enable_api and not (settings.rasa_token or settings.jwt_secret):
        return [
            "ENABLE_API=1 needs RASA_TOKEN or RASA_JWT_SECRET; refusing to open "
            "the HTTP API without authentication"
        ]
    return []


def _check_model(settings: Settings) -> list[str]:
    if not settings.model.exists():
        return [f"MODEL: {settings.model} is missing; run `make train`"]
    return []


def _check_site(settings: Settings) -> list[str]:
    """The centre's details (site.yml, SITE_* variables) that replies are filled with."""
    from site_settings.settings import SiteSettingsError, load  # reads site.yml

    try:
        load(settings.environ)
    except SiteSettingsError as error:
        return [f"site settings: {error}"]
    return []


PRE_LAUNCH_CHECKS: list[Check] = [
    check_profile,
    _check_ports,
    _check_api,
    _check_model,
    _check_site,
]


def register_check(check: Check) -> Check:
    """Add a pre-launch check (usable as a decorator); returns it unchanged."""
    if check not in PRE_LAUNCH_CHECKS:
        PRE_LAUNCH_CHECKS.append(check)
    return check


def problems(settings: Settings) -> list[str]:
    """Every pre-launch check's error messages, in order; empty when all is well."""
    return [message for check in PRE_LAUNCH_CHECKS for message in check(settings)]

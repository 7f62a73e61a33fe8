"""Read and check the site settings: site.yml, each value overridable from the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE_FILE = ROOT / "site.yml"
FILE_VARIABLE = "SITE_FILE"  # another settings file instead of site.yml
ENV_PREFIX = "SITE_"
MAX_TEXT_CHARS = 120

PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]*[0-9]$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 3, 15


class SiteSettingsError(ValueError):
    """A site setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class SiteSettings:
    """The centre's details; an empty string means "not set"."""

    centre_name: str = ""
    care_team_phone: str = ""
    care_team_hours: str = ""
    emergency_number: str = ""
    crisis_line: str = ""
    support_service: str = ""
    contact_page: str = ""
    privacy_notice: str = ""


PHONE_FIELDS = frozenset({"care_team_phone", "emergency_number", "crisis_line"})
URL_FIELDS = frozenset({"contact_page", "privacy_notice"})
FIELD_NAMES = tuple(f.name for f in fields(SiteSettings))


def env_name(field_name: str) -> str:
    return ENV_PREFIX + field_name.upper()


def describe(field_name: str) -> str:
    return f"{env_name(field_name)} ({field_name} in site.yml)"


def check_phone(field_name: str, value: str) -> str:
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE.match(value) or not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        raise SiteSettingsError(
            f"{describe(field_name)} is not a phone number: {value!r}. Use "
            f"{MIN_PHONE_DIGITS} to {MAX_PHONE_DIGITS} digits, with spaces, '+', "
            "'-', '.' or brackets only."
        )
    return value


def check_url(field_name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise SiteSettingsError(
            f"{describe(field_name)} is not an http(s) web address: {value!r}."
        )
    return value


def check_text(field_name: str, value: str) -> str:
    if len(value) > MAX_TEXT_CHARS or any(ch in value for ch in "{}[]\n\r"):
        raise SiteSettingsError(
            f"{describe(field_name)} must be one line of at most {MAX_TEXT_CHARS} "
            f"characters without brackets {{}} or []: {value!r}."
        )
    return value


def check(field_name: str, value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if field_name in PHONE_FIELDS:
        return check_phone(field_name, value)
    if field_name in URL_FIELDS:
        return check_url(field_name, value)
    return check_text(field_name, value)


def read_file(path: Path) -> dict[str, str]:
    """The values of one settings file; a missing file is no values."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise SiteSettingsError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise SiteSettingsError(f"{path} must be a mapping of setting: value.")
    unknown = sorted(str(key) for key in data if key not in FIELD_NAMES)
    if unknown:
        raise SiteSettingsError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(FIELD_NAMES)}."
        )
    values: dict[str, str] = {}
    for key, value in data.items():
        if value is None:
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise SiteSettingsError(f"{describe(key)} must be text, got {value!r}.")
        values[key] = str(value)
    return values


def load(environ: Mapping[str, str] | None = None) -> SiteSettings:
    """The checked settings: the file, then SITE_* variables over it."""
    environ = os.environ if environ is None else environ
    path = Path(environ.get(FILE_VARIABLE) or SITE_FILE)
    values = read_file(path)
    for name in FIELD_NAMES:
        if env_name(name) in environ:
            values[name] = environ[env_name(name)]
    return SiteSettings(
        **{name: check(name, values.get(name, "")) for name in FIELD_NAMES}
    )

"""`python -m site_settings`: check the site settings before the servers start.

Exits 0 and prints what is set, or 2 with a message naming the bad setting.
"""

from __future__ import annotations

import sys

from site_settings.settings import FIELD_NAMES, SiteSettingsError, env_name, load


def main() -> int:
    try:
        site = load()
    except SiteSettingsError as error:
        print(f"error: site settings: {error}", file=sys.stderr)
        return 2
    unset = [env_name(name) for name in FIELD_NAMES if not getattr(site, name)]
    if unset:
        print(f"Site settings: generic wording for {', '.join(unset)}.")
    else:
        print("Site settings: all set.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

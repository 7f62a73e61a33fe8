#!/usr/bin/env python3
"""Write var/credentials.yml: credentials.yml plus the messaging channels whose
environment variables are set (see channels/README.md). Exits 1, naming the
missing variables, when a channel is only partly configured.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from channels.credentials import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

"""Where conversations are kept: the tracker store set up in endpoints.yml."""

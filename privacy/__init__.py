"""Privacy tooling: retention (purge old conversations) and forgetting one person.

See privacy/README.md for what the assistant stores, where, and for how long.
"""

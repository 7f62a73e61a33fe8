"""How the bot's processes are started, waited for and stopped.

Used by the tests, the served-accuracy measurement and the benchmark, so that
each of them runs the bot the same way. Nothing here imports from `tests/`.
"""

"""`make bench`: answer quality, training time, start-up, memory and REST latency.

The CAR T bot is measured next to a plain `rasa init` bot built and run in the
same bench run, so the ratios between the two are what to compare across
machines. Entry point: `python -m bench.run` (see bench/README.md).
"""

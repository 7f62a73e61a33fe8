"""How the bot's processes are configured, started, waited for and stopped.

Used by `make run` / `make shell` (`python -m stack run|shell`), the tests, the
served-accuracy measurement and the benchmark, so that each runs the bot the same
way. Nothing here imports from `tests/`.

- stack.settings: `Settings.from_env()`, `server_env()` / `rasa_env()`; the
  pre-launch checks `PRE_LAUNCH_CHECKS`, `register_check()`, `problems()`.
- stack.launcher: `Server`, `launch`, `wait_for`, `wait_until`, `http_ready`,
  `stop_group`, `free_port`, `log_tail`, `StartError`.
- stack.servers: the recipes `action_server`, `rasa_server`, `web_server`; `Stack`.
- stack.services: `PostgreSQL`, `Redis`, `ensure_installed`.
- stack.web: the demo page's server (`create_app`; `python -m stack.web`).
"""

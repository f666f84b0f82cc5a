"""Running the web admin under gunicorn, configured from `recruiter-kit serve`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, config: Mapping[str, Any], options: Mapping[str, Any]) -> None:
        self._config = config
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self._options.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        from recruiter_kit.web import create_app

        # Each worker builds its own app (and database engine) after the fork.
        return create_app(self._config)


def run_gunicorn(config: Mapping[str, Any], *, host: str, port: int, workers: int) -> None:
    """Serve the app with `workers` processes until interrupted."""
    _Gunicorn(
        config,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "timeout": 60,
            "graceful_timeout": 10,
            "accesslog": "-",
            "errorlog": "-",
            "forwarded_allow_ips": "127.0.0.1",
        },
    ).run()

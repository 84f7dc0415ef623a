"""Subcommands of ``critcheck``; each module is one subcommand (see cli.py)."""

ORDER = ["list", "verify", "latex", "critical", "landscape", "minima", "relu", "report"]

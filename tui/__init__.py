"""followup-tui: a keyboard-driven board for following up after job interviews."""

__version__ = "0.1.0"

"""Reminders that reach the user while the board is closed. No Textual.

- ``settings``: calendar_file, quiet_hours and the alarm lead times in config.toml;
- ``calendar_file``: the calendar file kept current after every saved change;
- ``due``: which follow-ups are newly due, and the state file that remembers the rest;
- ``notify``: desktop notifications (desktop-notifier), or standard output without them;
- ``scheduler``: ``remind --install``: a systemd user timer, a launchd agent or a Windows task;
- ``status``: the one line for a shell prompt or tmux;
- ``commands``: the ``remind`` and ``status`` commands.
"""

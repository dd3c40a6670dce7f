"""The console script: commands, completion, the launched app in a pty, packaging, serve."""

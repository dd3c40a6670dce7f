"""followup-tui: a keyboard-driven board for following up after job interviews."""

import os

__version__ = "0.1.0"

# Textual repaints at most TEXTUAL_FPS times a second (60 unless set). A letter typed in the
# filter box asks for two repaints, the box's and then the board's, and the board's waited
# for the next 1/60 s slot: up to 17 ms of the 50 ms a keystroke may take. At 120 the wait
# is half that. Set here, before Textual is imported, so that it reads it; a value the user
# set is kept.
os.environ.setdefault("TEXTUAL_FPS", "120")

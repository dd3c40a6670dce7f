"""Speed and memory benchmark for followup-tui: run ``python -m tests.benchmarks``.

Not part of the pass/fail test run: no module here starts with ``test_``, so pytest never
collects it. It needs tmux on PATH and the console script installed in the same environment
as the Python running it (``pip install -e .``). Results and method: RESULTS.md beside this.
"""

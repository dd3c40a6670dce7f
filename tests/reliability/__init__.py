"""Reliability tests: killed writers, damaged files, concurrent processes."""

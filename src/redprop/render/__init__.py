"""Output rendering: tables for people; JSON, NDJSON and CSV for scripts."""

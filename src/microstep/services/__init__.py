"""Use cases: one function per user action, shared by the web pages, the JSON API and the CLI."""

"""The `microstep` command line: parse, call services, print with Rich."""

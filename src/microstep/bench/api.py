"""`microstep bench api`: concurrent clients against the team server on PostgreSQL (being built)."""

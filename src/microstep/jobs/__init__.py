"""Background work for team mode on procrastinate (PostgreSQL): reminders by email and webhook."""

"""Realistic demo data, so a newcomer sees every feature working with believable history."""

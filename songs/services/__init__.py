"""Writes of the song workspace."""

"""Music: a prompt read as a style, the song's form, harmony, parts and a melody written to the
lyrics."""

from engine.compose.arrange import compose
from engine.compose.style import Style, parse_style

__all__ = ["Style", "compose", "parse_style"]

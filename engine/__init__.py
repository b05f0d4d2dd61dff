"""Refrain's embedded generation engine: lyrics, composition, rendering, analysis.

Plain Python, no Django: plain dataclasses in, plain dataclasses out, numpy arrays for audio.
"""

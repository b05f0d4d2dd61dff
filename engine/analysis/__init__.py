"""Listening to audio: decoding, waveform peaks, tempo, key, structure, words."""

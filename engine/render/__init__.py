"""Rendering: a Score becomes audio.

`instruments` plays the tracks on a General MIDI SoundFont (one stem per role), `mix` sums the
stems through EQ, compression and reverb, `master` sets loudness and true peak, `encode` writes
mp3 / wav / flac / pcm, and `song.render_score` runs the four in order.
"""

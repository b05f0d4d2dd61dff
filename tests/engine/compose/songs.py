"""Lyrics the composer tests share."""

LYRICS = """[Intro]

[Verse 1]
Streetlights hum along the avenue
Every window holds a different view
I keep walking where the river bends
Counting all the nights that never end

[Chorus]
Hold on, hold on to the light
We were golden in the night
(hold on)

[Verse 2]
Morning finds me standing at the door
Every promise that we made before

[Chorus]
Hold on, hold on to the light
We were golden in the night
(hold on)

[Outro]
"""

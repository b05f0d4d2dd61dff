"""Line templates: a small grammar of lyric lines with slots for theme words.

Slots: {n} noun, {a} adjective, {vi} verb without object, {vt} verb with object, {p} place (after
"the"), {t} time (after "until"). A digit makes a second slot of the same kind ({n2}). The last slot
ends the line and carries the rhyme.
"""

from __future__ import annotations

import re

POS_ENDS = ("n", "a", "vi", "p", "t")
_SLOT = re.compile(r"\{([a-z]+)\d?\}")

VERSE = (
    # ending on a noun
    "I {vt} the {a} {n}",
    "Down by the {p} I {vt} the {n}",
    "We {vi} beneath the {a} {n}",
    "Nothing left but the {a} {n}",
    "Waiting on the {a} {n}",
    "Lost inside the {a} {n}",
    "You were gone before the {n}",
    "Still I {vt} the {n}",
    "I hear your name in the {n}",
    "All I have is the {a} {n}",
    "Every night I {vt} the {n}",
    "And we {vi} beside the {n}",
    "Your voice is like the {n}",
    "{t} comes with the {a} {n}",
    "Through the {p} and the {n}",
    "I keep thinking of the {n}",
    "Out here with the {a} {n}",
    "Talking to the {n}",
    "I can almost {vt} the {n}",
    "There's a {a} light on the {n}",
    "A {a} {n2} and a {a2} {n}",
    "Counting every {a} {n}",
    "I still remember the {a} {n}",
    "Nobody knows about the {n}",
    "I can't forget the {a} {n}",
    "I've been waiting for the {n}",
    "Just me and the {a} {n}",
    "Another night beside the {n}",
    # ending on an adjective
    "The {n} is {a}",
    "Tonight the {n} is {a}",
    "And the {p} feels {a}",
    "Everything feels {a}",
    "Since you left, the {n} is {a}",
    "The {a2} {n} is growing {a}",
    "Oh, the {n2} is {a}",
    "Even the {p} is {a}",
    "I was young and {a}",
    "Here by the {p}, it's {a}",
    "The {n} was never {a}",
    "My heart is {a2} and {a}",
    "Something in the {n} is {a}",
    "It's {t} and the {n} is {a}",
    "Nothing ever felt so {a}",
    "Tell me why the {n} is {a}",
    "{t}, and I'm still {a}",
    # ending on a verb
    "I {vi} and I {vi2}",
    "Watch the {a} {n} {vi}",
    "Let the {n} {vi}",
    "And I just want to {vi}",
    "Here by the {p}, we {vi}",
    "Under the {n}, we {vi}",
    "I never learned to {vi}",
    "With the {a} {n}, I {vi}",
    "You and I would {vi}",
    "Maybe we should {vi}",
    "I'm not ready to {vi}",
    "Where the {a} {n2} will {vi}",
    "We used to {vi}",
    "I was born to {vi}",
    "Hear the {a} {n} {vi}",
    "The {n2} won't let me {vi}",
    # ending on a place
    "Meet me by the {p}",
    "We {vi} by the {p}",
    "Down at the {a} {p}",
    "I left my heart by the {p}",
    "Waiting by the {p}",
    "Walking to the {a} {p}",
    "Back to the {p}",
    "Somewhere past the {p}",
    "A {a} {n} by the {p}",
    "We used to {vi} by the {p}",
    "Another night at the {p}",
    "Running past the {a} {p}",
    # ending on a time
    "We {vi} until {t}",
    "I'll be here till {t}",
    "From the {n} until {t}",
    "I {vi} till {t}",
    "We won't sleep till {t}",
    "Stay with me until {t}",
)

CHORUS = (
    "You are my {a} {n}",
    "Hold me like the {n}",
    "Take me through the {a} {n}",
    "Give me the {a} {n}",
    "We are the {a} {n}",
    "I'll follow you to the {n}",
    "Don't let go of the {n}",
    "Come on and {vt} the {n}",
    "Tonight we're {a}",
    "Baby, we are {a}",
    "Let it be {a}",
    "Oh, we're young and {a}",
    "Say it's {a}",
    "Hearts on fire and {a}",
    "Let it {vi}",
    "Come on and {vi}",
    "We're gonna {vi}",
    "Never let me {vi}",
    "Don't you ever {vi}",
    "All we do is {vi}",
    "Meet me by the {p}",
    "Take me to the {p}",
    "Run with me to the {p}",
    "Hold me till {t}",
    "Dance with me until {t}",
    "We'll be {a} until {t}",
    "This is our {a} {n}",
    "Sing it to the {a} {n}",
    "Light up the {a} {n}",
    "We'll never let the {n} {vi}",
    "Turn it up and {vi}",
    "Say you'll stay until {t}",
    "Right here by the {p}",
    "Oh, tonight we {vi}",
)

PRE_CHORUS = (
    "And I feel it in the {n}",
    "Something's calling from the {p}",
    "Can you feel the {n}",
    "Oh, the {n} is {a}",
    "And the {n} begins to {vi}",
    "Now the {a} {n} is here",
    "I can hear the {n} {vi}",
    "Here it comes, the {a} {n}",
    "Don't you feel it {vi}",
    "Hold on, hold on till {t}",
)

BRIDGE = (
    "If the {n} should {vi}",
    "And if tomorrow we {vi}",
    "Maybe the {n} was {a}",
    "Tell me the {n} is {a}",
    "When the {a} {n} is gone",
    "I would give the {n}",
    "Every road leads to the {p}",
    "Even if the {n} is {a}",
    "So I {vt} the {a} {n}",
    "One more night by the {p}",
    "Call my name until {t}",
    "All the {n2} and the {n}",
    "Maybe I was wrong about the {n}",
    "And when the {n} is {a}",
    "I don't need the {n}",
    "What if the {n} could {vi}",
)

HOOK = (
    "Oh, {a} {n}",
    "Another {a} {n}",
    "Through the {a} {n}",
    "Hold me through the {a} {n}",
    "Lost in the {a} {n}",
    "Under the {a} {n}",
    "Me and the {a} {n}",
    "Dancing in the {a} {n}",
    "Take me to the {a} {n}",
    "Oh, my {a} {n}",
    "Sweet {a} {n}",
    "Long live the {a} {n}",
)

INTRO_VOCALS = ("(Ooh, ooh)", "(Mm, yeah)", "(Oh, oh, oh)", "(Ooh, ah)", "(Hey, yeah)")


def slots(template: str) -> list[str]:
    """The slot kinds of a template in order, e.g. ["a", "n"]; the last one ends the line."""
    return _SLOT.findall(template)


def slot_names(template: str) -> list[str]:
    """The slot names as written, e.g. ["a2", "n"]."""
    return re.findall(r"\{([a-z]+\d?)\}", template)


def end_kind(template: str) -> str:
    """The kind of word that ends the template's line, "" when it ends on a fixed word."""
    return slots(template)[-1] if template.endswith("}") else ""

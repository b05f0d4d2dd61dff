"""Line templates by the narrative job of each line of a section (the slots are `phrases`' typed
phrases).

A section's beat gives each line position its job, so that consecutive lines continue each other
whichever candidate the rhyme picks: verse 1 sets where and when, then brings in the song's
character ({P}), whom the next lines go on with as a pronoun ({O}); verse 2 tells what happened
({ev}, the event's verbs) and what came of it; the bridge turns (another time, another view, a
change of mind); the chorus sings to someone ({vp} ... you); a blues verse states a line and answers
it; a last verse says where it all leaves us now. A beat's `opening` jobs are sung once, then its
`cycle` repeats for longer sections.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Beat:
    """The jobs of a section's lines: `opening` for the first lines, then `cycle` repeated."""

    opening: tuple[tuple[str, ...], ...]
    cycle: tuple[tuple[str, ...], ...]

    @property
    def every(self) -> tuple[str, ...]:
        """All the beat's templates, for a line whose own job finds no rhyme."""
        return tuple(dict.fromkeys(t for job in self.opening + self.cycle for t in job))

    def at(self, position: int) -> tuple[str, ...]:
        """The templates for the line at `position` (0-based)."""
        if position < len(self.opening):
            return self.opening[position]
        return self.cycle[(position - len(self.opening)) % len(self.cycle)]


# Verse 1: the scene, where and when, then who is there and what they do.
WHERE = (
    "{when}, {S} {vi} {loc}",
    "{when}, {there}",
    "{actloc} {when}",
    "{S} {vi} {loc}",
    "{actloc}",
    "{there}",
    "{P} {vi} {loc}",
    "{when}, {S} {vi} {weather}",
    "{when}, {pred}",
    "{pred} {when}",
)
# The character comes in, at the song's time when the first line gave none (a first line that
# sets the scene is followed by one without it: never "All night long, ... / ... all night long").
WHO_WHEN = (
    "{P} {vi} {when}",
    "{when}, {P} {vt}",
    "{P} {vt} {when}",
    "{when}, {P} {vi}",
    "{when}, {O} {vi} {loc}",
    "{when}, {P} {vi} and {pred}",
    "{P} {vt}",
    "{P} {vi} {loc}",
    "{P} {vt} and {vi}",
    "{P} {vi} and {pred}",
)
GOES_ON = (
    "{O} {vt} and {vi}",
    "{O} {vt}, {S} {vi}",
    "And {O} {vt}",
    "{O} {vt} and {S} {vi}",
    "{O} {vi} {loc}",
    "{O} {vt}, {pred}",
    "{O} {vi} and {pred}",
    "{O} {vt} and {O} {be} {padj}",
)
SO = (
    "So {S} {vt}",
    "And {S} {vi} {loc}",
    "While {act}, {S} {vi}",
    "{S} {vt} and {O} {vi}",
    "For {them}, {S} {vfor}",
    "And {pred}",
    "So {S} {vi} and {pred}",
    "And {S} {be} {padj}",
    "So {S} {be} {padj}",
)

# Verse 2: before, what happened, what came of it, and where it leaves us now.
BEFORE = (
    "{time}, {P} {vt}",
    "{P} {vi} {loc} {time}",
    "{time}, {P} {vi} {loc}",
)
HAPPENED = (
    "Then {O} {ev}",
    "{O} {ev} {loc}",
    "And then {O} {ev}",
    "{O} {ev} and {S} {vi}",
    "{O} {ev} when {pred}",
)
CAME_OF_IT = (
    "So {S} {vt}",
    "And {S} {vi} {loc}",
    "{S} {vt} and {vi}",
    "And {S} {be} {padj}",
    "But {S} {vt}",
    "And {pred}",
    "So {S} {vi}",
)
NOW = (
    "Now {act.now}",
    "Now {S} {vi.now} {loc}",
    "And now {O} {vi.now} {loc}",
    "Now {S} {vt.now}",
    "Now {pred.now}",
    "Now {S} {be.now} {padj}",
)

# The bridge: another time, a change of mind, another view, what will be.
THEN_WAS = (
    "Back then {S} {vi.past} {loc}",
    "Back then {O} {vt.past}",
    "Years ago {O} {vi.past} {loc}",
    "{S} used to {vt.base}",
    "Back then {pred.past}",
    "Back then {S} {be.past} {padj}",
)
BUT_NOW = (
    "But now {S} {vt.now}",
    "But now {S} {vi.now} {loc}",
    "But now {O} {vi.now} {loc}",
    "But now {pred.now}",
    "But now {S} {be.now} {padj}",
)
MAYBE = (
    "Maybe {O} will {vt.base}",
    "Someday {S} will {vi.base} {loc}",
    "Tomorrow {S} will {vt.base}",
    "And if {O} {vt.past}, {S} would {vi.base}",
    "Maybe {pred.next}",
    "Maybe {O} will be {padj}",
)
WILL_BE = (
    "And {S} will {vp.base} you {loc}",
    "{S} won't {vi.base} {loc} anymore",
    "Someday {act.next}",
    "Maybe {S} will {vi.base} {loc}",
    "Someday {pred.next}",
    "Someday {S} will be {padj}",
)

# The chorus sings to someone around the hook: a promise, a plea, what one feels.
TO_YOU = (
    "{S} will {vp.base} you {time}",
    "{S} {vp.now} you {loc}",
    "{ask} me {loc}",
    "{S} still {vp.now} you {loc}",
    "{S} {vp.now} you when {pred.now}",
    "{ask} me when {pred.now}",
    "Oh, {S} {be.now} {padj}",
    "{ask} me {weather}",
    "And {S} {be.now} {padj}",
)
# A hopeful chorus looks forward: every line says what will come.
HOPE_LINES = (
    "Tomorrow {S} will {vp.base} you {loc}",
    "Someday {S} will {vi.base} {loc}",
    "{S} will {vp.base} you again",
    "Someday {O} will {vt.base}",
    "{act.next} again",
    "Tomorrow {S} will {vi.base} {loc}",
    "Tomorrow {pred.next}",
)
# The pre-chorus leads into the chorus, already turned to the other person.
LEAD_IN = (
    "And {S} {vp.now} you {loc}",
    "So {S} {vi.now} {loc}",
    "And now {act.now}",
    "{S} {vp.now} you {time}",
    "And {pred.now}",
    "And {S} {be.now} {padj}",
)

# Blues: a line sung twice, then a line that answers it (why, or what comes of it).
BLUES_STATES = (
    "{when}, {S} {vi} {loc}",
    "{when}, {P} {vi} {loc}",
    "{when}, {S} {vt} {loc}",
    "{when}, {S} {vi} and {pred}",
    "{when}, {S} {be} {padj}",
    "{when}, {S} {vi} {weather}",
    "{when}, {actloc}",
)
BLUES_ANSWERS = (
    "Because {O} {ev.past} {loc} {time.past}",
    "Because {O} {ev.past} {loc}",
    "And {O} won't {vp.base} me {loc}",
    "Because {O} {ev.past} when {pred.past}",
    "Because {O} {ev.past} and {S} {be.now} {padj}",
)
BLUES_TELLS = (
    "{time}, {O} {ev} {loc}",
    "{time}, {O} {ev}",
    "Then {O} {ev} {loc}",
    "{time}, {O} {ev} and {pred}",
)
BLUES_COMES_OF_IT = (
    "So now {S} {vi.now} {loc} and {pred.now}",
    "Now {S} {vt.now} {loc} {time}",
    "And now {S} {vp.now} you {loc}",
    "So now {S} {vt.now} and {S} {be.now} {padj}",
    "So now {S} {vi.now} {loc}, {S} {be.now} {padj}",
    "And now {S} {vi.now} and {pred.now}",
)

# Hip-hop bars: two clauses a line, the same people carried from bar to bar.
RAP_OPENS = (
    "{when}, {S} {vi} {loc}",
    "{when}, {act}, {S} {vi}",
)
RAP_WHO = (
    "{P} {vt} {loc}, {S} {vi}",
    "{P} {vi} {loc} while {act}",
)
RAP_THEY = (
    "{O} {vt}, {S} {vt}",
    "{O} {vt} and {vi} {loc}",
    "{O} {vi} {loc}, {S} {vt}",
    "{O} {vp} me, {S} {be} {padj}",
    "{O} {vi} and {S} {be} {padj}",
)
RAP_I = (
    "So {S} {vt} and {vi} {loc}",
    "{S} {vt} {loc}, {act}",
    "And {S} {vt} while {act}",
    "So {S} {vp} you and {S} {be} {padj}",
    "{S} {vi} {loc}, {S} {be} {padj}",
)
RAP_AROUND = (
    "{act}, {O} {vt}",
    "{pred}, {O} {vi}",
    "{there}, {O} {vi}",
    "{O} {be} {padj}, {S} {vp} you",
)
RAP_EVENT = (
    "Then {O} {ev}, {S} {vi}",
    "{O} {ev} {loc}, {S} {vt}",
    "Then {O} {ev} and {S} {be} {padj}",
)

# Half lines, two of which make a line with a rhyme inside (`stanza.joined`).
HALVES = (
    "{act}",
    "{S} {vi} {loc}",
    "{S} {vt}",
    "{pred}",
    "{there}",
    "{O} {vt}",
)

# When no line of a job can be written (the setting lacks what it needs), plain ones.
FALLBACK = (
    "{S} {vi} {loc}",
    "{O} {vi} {loc}",
    "{S} {vp.now} you",
    "{act}",
    "{S} {vi}",
)

# The slots that name a time: verse 1's first line sets the scene with a time and a place where
# its candidates can ("Tonight, there is a taxi at the corner").
_TIME_SLOTS = ("{when}", "{time")


def tells_when(template: str) -> bool:
    """Whether a line of this template names a time."""
    return any(s in template for s in _TIME_SLOTS)


INTRO_VOCALS = ("(Ooh, ooh)", "(Mm, yeah)", "(Oh, oh, oh)", "(Ooh, ah)", "(Hey, yeah)")

BEATS = {
    "scene": Beat((WHERE, WHO_WHEN), (GOES_ON, SO)),
    "event": Beat((BEFORE, HAPPENED, CAME_OF_IT), (NOW,)),
    "after": Beat((NOW,), (GOES_ON, SO)),
    "turn": Beat((THEN_WAS, BUT_NOW, MAYBE), (WILL_BE,)),
    "chorus": Beat((), (TO_YOU,)),
    "hope": Beat((), (HOPE_LINES,)),
    "build": Beat((), (LEAD_IN,)),
    "blues_scene": Beat((BLUES_STATES,), (BLUES_ANSWERS,)),
    "blues_event": Beat((BLUES_TELLS,), (BLUES_COMES_OF_IT,)),
    "rap": Beat((RAP_OPENS, RAP_WHO), (RAP_THEY, RAP_I, RAP_AROUND)),
    "rap_event": Beat((BEFORE, RAP_EVENT), (RAP_THEY, RAP_I, RAP_AROUND)),
}

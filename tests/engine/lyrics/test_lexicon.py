import random

from engine.lyrics.lexicon import imagery, style_tags, styles, theme_from_text, themes
from engine.lyrics.story import read_story

PARTS = ("nouns", "adjectives", "verbs", "places", "times")


def test_the_lexicon_ships_hundreds_of_themes_and_moods_pointing_at_real_clusters():
    clusters = imagery()
    assert len(themes()) + len(styles()["moods"]) >= 300
    assert len(clusters) >= 50
    for keyword, names in themes().items():
        assert names and all(name in clusters for name in names), keyword
    for table in ("genres", "moods"):
        for word, entry in styles()[table].items():
            assert all(name in clusters for name in entry["clusters"]), word


def test_every_imagery_cluster_has_words_for_every_part_of_speech():
    for name, cluster in imagery().items():
        assert all(len(cluster[part]) >= 3 for part in PARTS), name
        assert len(cluster["nouns"]) >= 10, name


def test_the_theme_follows_the_words_after_about():
    theme = theme_from_text("an upbeat pop song about the ocean waves", random.Random(0))
    assert theme.clusters[0] == "sea"
    assert "ocean" in theme.keywords


def test_the_story_of_a_prompt_names_its_own_nouns_character_and_place():
    prompt = "a folk ballad about my grandmother and her rainy kitchen in Lisbon"
    theme = theme_from_text(prompt, random.Random(0))
    story = read_story(prompt, theme, "Folk, Tender", random.Random(0))
    assert [n.word for n in story.focus][:2] == ["kitchen", "rain"]
    assert story.character == "my grandmother" and story.other == "she"
    assert [p.word for p in story.places] == ["Lisbon"]
    assert story.nouns[: len(story.focus)] == story.focus


def test_an_empty_prompt_still_gives_a_theme_chosen_by_the_seed():
    themes_by_seed = {theme_from_text("", random.Random(seed)).clusters for seed in range(6)}
    assert len(themes_by_seed) > 1
    assert all(clusters for clusters in themes_by_seed)


def test_style_tags_put_the_genre_first_and_add_moods():
    prompt = "a soulful blues song about a rainy night"
    theme = theme_from_text(prompt, random.Random(0))
    tags = style_tags(prompt, theme, random.Random(0)).split(", ")
    assert tags[:2] == ["Blues", "Soulful"]
    assert imagery()[theme.clusters[0]]["mood"] in tags


def test_a_mood_in_the_prompt_keeps_contrary_imagery_moods_out_of_the_tags():
    prompt = "a sad song about an old guitar"
    tags = style_tags(prompt, theme_from_text(prompt, random.Random(0)), random.Random(0))
    assert "Melancholic" in tags and "Joyful" not in tags

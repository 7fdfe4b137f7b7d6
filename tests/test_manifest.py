"""The manifest loads strictly and agrees with stubs, solutions and suites."""

from __future__ import annotations

import pytest

from checker.authoring import check_files
from checker.errors import ManifestError
from checker.manifest import load_manifest, parse_manifest
from checker.paths import MANIFEST_PATH

GOOD_TOPIC = """
[[topics]]
id = "constants"
title = "Physical constants"
file = "03_constants.py"
section = "scipy.constants"
[[topics.exercises]]
name = "speed_of_light"
points = 2
hints = ["look in scipy.constants"]
"""


def test_a_good_manifest_parses():
    course = parse_manifest("format = 1\n" + GOOD_TOPIC)
    topic = course.topic("constants")
    assert [e.id for e in topic.exercises] == ["constants.speed_of_light"]
    assert topic.max_points == 2
    assert topic.exercises[0].hints == ("look in scipy.constants",)


@pytest.mark.parametrize("text, complaint", [
    ("format = 1\n" + GOOD_TOPIC.replace('section = "scipy.constants"',
                                         'section = "x"\ncolour = "red"'), "unknown key 'colour'"),
    ("format = 2\n" + GOOD_TOPIC, "format 2 is not supported"),
    ("format = 1\n" + GOOD_TOPIC + GOOD_TOPIC.replace("03_", "04_"), "appears twice"),
    ("format = 1\n" + GOOD_TOPIC.replace("points = 2", "points = 0"), "points must be positive"),
    ("format = 1\n" + GOOD_TOPIC.replace("points = 2", 'points = "2"'), "'points' must be int"),
    ("format = 1\n" + GOOD_TOPIC.replace('hints = ["look in scipy.constants"]', "hints = []"),
     "hints must be a non-empty list"),
    ("format = 1\n" + GOOD_TOPIC.replace("03_constants.py", "constants.py"),
     "file must be named NN_constants.py"),
    ("format = 1\n" + GOOD_TOPIC.replace('name = "speed_of_light"', 'name = "Speed"'),
     "not a lowercase identifier"),
    ("format = 1\n" + GOOD_TOPIC.replace("points = 2", "points = 2\nbonus = true"),
     "unknown key 'bonus'"),
    ("format = 1\ntopics = [", "not valid TOML"),
    ("topics = []", "missing key 'format'"),
    ("format = 1\n" + GOOD_TOPIC + GOOD_TOPIC.replace("03_constants", "02_later").replace(
        '"constants"', '"later"'), "numbers must increase"),
])
def test_bad_manifests_are_refused_with_a_clear_message(text, complaint):
    with pytest.raises(ManifestError, match=complaint):
        parse_manifest(text)


def test_duplicate_exercise_names_are_refused():
    text = "format = 1\n" + GOOD_TOPIC + GOOD_TOPIC.split("[[topics]]")[1].split(
        "[[topics.exercises]]")[1].join(["[[topics.exercises]]", ""])
    with pytest.raises(ManifestError, match="appears twice"):
        parse_manifest(text)


def test_the_shipped_manifest_loads_and_follows_the_curriculum_order():
    course = load_manifest()
    numbers = [int(t.file[:2]) for t in course.topics]
    assert numbers == sorted(numbers)
    assert course.topics[0].id == "getting_started"
    assert MANIFEST_PATH.is_file()
    for topic in course.topics:
        assert 4 <= len(topic.exercises) <= 8, topic.id


@pytest.mark.parametrize("topic", load_manifest().topics, ids=lambda t: t.id)
def test_stubs_solutions_and_suites_agree_with_the_manifest(topic):
    assert check_files(topic) == []


def test_a_topic_file_missing_from_a_content_folder_is_a_clear_error(tmp_path):
    from checker.manifest import check_content_files

    course = parse_manifest("format = 1\n" + GOOD_TOPIC)
    with pytest.raises(ManifestError, match="missing topic files: 03_constants.py"):
        check_content_files(course, tmp_path)
    (tmp_path / "03_constants.py").write_text("")
    check_content_files(course, tmp_path)

"""Numbers and dates the translator remembers: always what Babel itself would write."""

import random

from babel.numbers import format_decimal

from kimgen.render.i18n import Translator


def test_integers_follow_babel_in_both_languages_whatever_their_length():
    rng = random.Random(7)
    values = [0, 7, -7, 999, 1000, -1000, 12345, 10 ** 9, -(10 ** 12) - 3] + \
        [rng.randrange(-10 ** rng.randrange(1, 15), 10 ** rng.randrange(1, 15)) for _ in range(400)]
    for lang in ("id", "en"):
        tr = Translator(lang)
        for value in values:
            assert tr.number(value) == format_decimal(value, locale=lang), (lang, value)


def test_floats_and_new_lengths_go_to_babel():
    tr = Translator("id")
    assert tr.number(1234.5) == format_decimal(1234.5, locale="id")
    assert tr.number(12) == "12" and tr.number(1234567) == "1.234.567"

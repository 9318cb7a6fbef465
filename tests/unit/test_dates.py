"""rnnkit.dates: the date translation task."""
import datetime as dt

from rnnkit.dates import N_FORMATS, date_pairs, ordinal, split, write_date


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"]


def test_every_style_is_readable_and_distinct():
    d = dt.date(1998, 3, 3)
    styles = [write_date(d, s) for s in range(N_FORMATS)]
    assert "3rd of March 1998" in styles and "Tue 03/03/98" in styles and len(set(styles)) == N_FORMATS


def test_pairs_are_seeded_iso_targets_and_held_out_days_never_train():
    train = date_pairs(2000, seed=1)
    assert train == date_pairs(2000, seed=1) and train != date_pairs(2000, seed=2)
    heldout = date_pairs(500, seed=1, part="heldout")
    days = lambda pairs: {dt.date.fromisoformat(t) for _, t in pairs}
    assert not days(train) & days(heldout)
    assert all(split(d) == "heldout" for d in days(heldout))
    assert all(len(t) == 10 and t[4] == t[7] == "-" for _, t in train)
    assert 0.15 < sum(split(dt.date(2000, 1, 1) + dt.timedelta(k)) == "heldout" for k in range(3650)) / 3650 < 0.25

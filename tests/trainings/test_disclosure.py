"""trainings.disclosure.protect: which cells of a table of people may be shown.

The tables here are built from lists of people, as the statistics are, so every row adds up
and every column adds up to the totals row. `attack` is what a reader can work out from what is
shown and the published rule: it narrows each hidden cell to the values every row and column
still allow, until nothing moves. A cell it narrows to one value has been disclosed.
"""

import random
from collections import Counter

import pytest

from trainings.disclosure import SMALL_GROUP, protect

SEXES = ["female", "male", "other", "not_recorded"]
AGES = ["under_25", "25_34", "35_44", "45_54", "55_plus", "unknown"]
SPLITS = [range(1, 1 + len(SEXES)), range(1 + len(SEXES), 1 + len(SEXES) + len(AGES))]
UNBOUNDED = 10**9


def split(people: list[tuple[str, str]]) -> list[int]:
    """[total, *per sex, *per age band] of (sex, age band) pairs."""
    sexes = Counter(sex for sex, _age in people)
    ages = Counter(age for _sex, age in people)
    return [len(people), *(sexes[sex] for sex in SEXES), *(ages[age] for age in AGES)]


def table(people: list[tuple[str, str, str]]) -> tuple[list[str], list[list[int]], list[int]]:
    """Group labels, their rows and the totals row of (group, sex, age band) people."""
    groups = sorted({group for group, _sex, _age in people})
    rows = [split([(sex, age) for group, sex, age in people if group == label]) for label in groups]
    return groups, rows, split([(sex, age) for _group, sex, age in people])


def people(group: str, count: int, sex: str = "male", age: str = "25_34") -> list[tuple]:
    return [(group, sex, age)] * count


def attack(
    tables: list[list[list[int]]], totals: list[int], hidden: tuple, least: dict
) -> dict[tuple, tuple[int, int]]:
    """The (lowest, highest) each hidden cell can hold, given the shown cells and the lines."""
    mask_tables, mask_totals = hidden
    cells: dict[tuple, tuple[int, int]] = {}
    for c, value in enumerate(totals):
        cells[(-1, 0, c)] = (value, value) if not mask_totals[c] else (1, UNBOUNDED)
    for t, rows in enumerate(tables):
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if mask_tables[t][r][c]:
                    cells[(t, r, c)] = (least.get((t, r, c), 1), UNBOUNDED)
                else:
                    cells[(t, r, c)] = (value, value)
    for key in cells:
        low, high = cells[key]
        if key in least:
            cells[key] = (least[key], high)
    lines = []
    for t, r in [(-1, 0)] + [(t, r) for t, rows in enumerate(tables) for r in range(len(rows))]:
        for columns in SPLITS:
            lines.append(((t, r, 0), [(t, r, c) for c in columns]))
    for t, rows in enumerate(tables):
        for c in range(len(totals)):
            lines.append(((-1, 0, c), [(t, r, c) for r in range(len(rows))]))
    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            low_sum = sum(cells[p][0] for p in parts)
            high_sum = sum(cells[p][1] for p in parts)
            t_low, t_high = cells[total]
            new_total = (max(t_low, low_sum), min(t_high, high_sum))
            updates = {total: new_total}
            for part in parts:
                p_low, p_high = cells[part]
                others_low = low_sum - p_low
                others_high = high_sum - p_high
                updates[part] = (max(p_low, t_low - others_high), min(p_high, t_high - others_low))
            for key, bounds in updates.items():
                if bounds != cells[key]:
                    cells[key] = bounds
                    changed = True
    return cells


def worked_out(tables, totals, masks, least) -> list[tuple]:
    """The hidden cells `attack` pins to one value. A column with nobody in it (no women at
    all) says so of every row, and is no secret of one: its cells are left out."""
    bounds = attack(tables, totals, masks, least)
    hidden = {(-1, 0, c) for c, is_hidden in enumerate(masks[1]) if is_hidden} | {
        (t, r, c)
        for t, table in enumerate(masks[0])
        for r, row in enumerate(table)
        for c, is_hidden in enumerate(row)
        if is_hidden
    }
    empty = {c for c, value in enumerate(totals) if value == 0}
    return sorted(key for key in hidden if bounds[key][0] == bounds[key][1] and key[2] not in empty)


def hidden_bounds(tables, totals):
    protection = protect(tables, totals, splits=SPLITS)
    least = {}
    for t, rows in enumerate(tables):
        for r, row in enumerate(rows):
            if 0 < row[0] < SMALL_GROUP:
                for c in range(1, len(row)):
                    least[(t, r, c)] = 0
    if 0 < totals[0] < SMALL_GROUP:
        for c in range(1, len(totals)):
            least[(-1, 0, c)] = 0
    bounds = attack(tables, totals, (protection.tables, protection.totals), least)
    shown = {
        (t, r, c)
        for t, rows in enumerate(tables)
        for r, row in enumerate(rows)
        for c in range(len(row))
        if not protection.tables[t][r][c]
    } | {(-1, 0, c) for c in range(len(totals)) if not protection.totals[c]}
    return protection, {key: value for key, value in bounds.items() if key not in shown}


def assert_nothing_disclosed(tables, totals):
    protection, bounds = hidden_bounds(tables, totals)
    values = {(-1, 0, c): value for c, value in enumerate(totals)}
    for t, rows in enumerate(tables):
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                values[(t, r, c)] = value
                if 0 < value < SMALL_GROUP:
                    assert protection.tables[t][r][c], f"small cell {(t, r, c)} = {value} shown"
    # A column with nobody in it (no women at all) says so of every row: no secret of one.
    empty = {c for c, value in enumerate(totals) if value == 0}
    for key, (low, high) in bounds.items():
        assert low <= values[key] <= high, (key, values[key], low, high)
        if key[2] in empty:
            continue
        assert low < high, f"hidden cell {key} can only be {low}"
    return protection


def test_a_small_group_is_hidden():
    labels, rows, totals = table(
        people("LA", 3) + people("CO", 20, sex="female") + people("UA", 9, sex="female")
    )

    protection = protect([rows], totals, splits=SPLITS)

    assert protection.tables[0][labels.index("LA")][0]
    assert not protection.tables[0][labels.index("CO")][0]


def test_of_two_groups_one_small_both_are_hidden():
    """23 in all, 20 from Colombia: the other group is 3."""
    labels, rows, totals = table(people("LA", 3) + people("CO", 20, sex="female"))

    protection = protect([rows], totals, splits=SPLITS)

    assert protection.tables[0][labels.index("CO")][0]


def test_a_group_of_three_men_is_hidden_whole_zeros_and_all():
    """ "Women 0" and one non-zero age band would say the three are men aged 35 to 44."""
    group = people("LA", 3, age="35_44")
    labels, rows, totals = table(group + people("CO", 30, sex="female") + people("UA", 30))

    protection = protect([rows], totals, splits=SPLITS)

    laos = rows[labels.index("LA")]
    assert laos == [3, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0]
    assert all(protection.tables[0][labels.index("LA")])


def test_a_zero_in_a_large_group_is_shown():
    labels, rows, totals = table(people("CO", 30) + people("UA", 30, sex="female"))

    protection = protect([rows], totals, splits=SPLITS)

    assert not any(protection.tables[0][0])
    assert protection.hidden_count == 0


def test_one_man_among_six_cannot_be_worked_out_from_five_women():
    """6 in the row, 5 women: showing the women, or marking them apart, gives away the 1 man."""
    group = people("NG", 5, sex="female") + people("NG", 1)
    labels, rows, totals = table(group + people("CO", 40) + people("UA", 40, sex="female"))
    nigeria = labels.index("NG")

    protection = assert_nothing_disclosed([rows], totals)

    women, men = 1, 2
    assert protection.tables[0][nigeria][men]
    assert protection.tables[0][nigeria][women]


def test_a_lone_hidden_cell_in_a_column_takes_another_with_it():
    labels, rows, totals = table(
        people("CO", 20) + people("LA", 2) + people("UA", 9) + people("KH", 30)
    )

    protection = assert_nothing_disclosed([rows], totals)

    column = [protection.tables[0][r][0] for r in range(len(rows))]
    assert sum(column) == 2
    # The next smallest group goes: Ukraine's 9, not Cambodia's 30.
    assert protection.tables[0][labels.index("UA")][0]


def test_hidden_cells_that_add_up_to_a_small_group_take_a_third():
    """Row of 7: 5 women, 1 man, 1 other. Men and other hidden add up to 2 (7 - 5): each is 1."""
    group = people("NG", 5, sex="female") + people("NG", 1) + people("NG", 1, sex="other")
    labels, rows, totals = table(group + people("CO", 40) + people("UA", 40, sex="female"))

    protection = assert_nothing_disclosed([rows], totals)

    assert protection.tables[0][labels.index("NG")][1], "the 5 women are hidden too"


def test_a_single_participant_hides_everything():
    labels, rows, totals = table(people("2024", 1))

    protection = protect([rows], totals, splits=SPLITS)

    assert all(protection.totals)
    assert all(all(row) for row in protection.tables[0])


def test_a_year_with_one_participant_is_hidden_and_cannot_be_subtracted_back():
    everyone = people("2023", 12) + people("2024", 1, sex="female") + people("2025", 8)
    labels, rows, totals = table(everyone)

    protection = assert_nothing_disclosed([rows], totals)

    assert protection.tables[0][labels.index("2024")][0]
    assert not protection.totals[0], "the number of people trained stays"


def test_tables_sharing_their_totals_are_settled_together():
    everyone = people("CO", 10) + people("LA", 10, sex="female") + people("UA", 1, sex="female")
    by_country = table(everyone)
    by_kind = table(
        [("authority", sex, age) for _group, sex, age in everyone[:15]]
        + [("operator", sex, age) for _group, sex, age in everyone[15:]]
    )

    assert_nothing_disclosed([by_country[1], by_kind[1]], by_country[2])


def test_an_empty_table_hides_nothing():
    protection = protect([[]], [0] * 11, splits=SPLITS)

    assert protection.hidden_count == 0


def test_rows_must_have_as_many_cells_as_the_totals():
    with pytest.raises(ValueError, match="cells"):
        protect([[[1, 1]]], [1, 1, 0], splits=[range(1, 3)])


@pytest.mark.parametrize("seed", range(200))
def test_no_hidden_cell_of_a_random_small_programme_can_be_worked_out(seed):
    rng = random.Random(seed)  # noqa: S311
    groups = ["CO", "LA", "UA", "KH", "NG"][: rng.randint(1, 5)]
    everyone = [
        (
            rng.choice(groups),
            rng.choice(SEXES[:2] if rng.random() < 0.9 else SEXES),
            rng.choice(AGES[: rng.randint(1, len(AGES))]),
        )
        for _ in range(rng.randint(1, 40))
    ]
    by_country = table(everyone)
    kinds = ["authority", "operator", "none"]
    by_kind = table([(rng.choice(kinds), sex, age) for _group, sex, age in everyone])

    assert_nothing_disclosed([by_country[1], by_kind[1]], by_country[2])


def test_the_worked_example_of_the_docs_comes_out_as_written():
    """docs/disclosure.md: 30 from Colombia, 21 from Ukraine, 6 from Nigeria (5 women, 1 man),
    3 men from Laos, by sex alone."""
    rows = [[30, 15, 15], [21, 14, 7], [6, 5, 1], [3, 0, 3]]

    protection = protect([rows], [60, 34, 26], splits=[range(1, 3)])

    assert protection.tables[0] == [
        [False, False, False],
        [False, True, True],
        [True, True, True],
        [True, True, True],
    ]
    assert protection.totals == [False, False, False]

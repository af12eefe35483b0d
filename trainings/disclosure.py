"""Disclosure control: which figures of a table of people may be shown to anyone.

Plain integers in, a mask of hidden cells out, no database and no Django: the public
statistics page and the donor exports (PDF, CSV, XLSX) ask this one function, so they hide the
same cells. The rule, in the words shown to readers, is in docs/disclosure.md.

A table is rows of `[total, *parts]`, where each *split* (sex, age band) is a set of part
columns that adds up to the row's total, and a totals row ("All participants") sits under the
rows of every table. Every row and every column is a *line*: a total and the parts that make it
up. What an attacker can do with a line is subtract: the hidden parts of a line whose total is
shown add up to the total minus the shown parts. So:

1. A row of fewer than `threshold` people is hidden whole, its zeros too: a small row whose
   "women" reads 0 says they are all men, a single non-zero age band says how old they all are.
2. Any other count from 1 to `threshold - 1` is hidden.
3. Until nothing changes, every line is checked. It is unsafe when exactly one of its cells is
   hidden (subtraction gives it back); or when its total is shown and its hidden parts add up
   to 0..threshold-1 (a small group, or a zero, is given back as a sum); or when they add up to
   no more than their least possible values (each hidden cell outside a small row holds at
   least one person, so two hidden cells that add up to 2 are both 1). An unsafe line hides
   its smallest shown non-zero part (its total when no part is left). A line whose total is
   a shown 0 is safe: that nobody at all is, say, a woman is no secret of a small row.
4. The result is then audited as a reader would attack it: every hidden cell narrowed to the
   values all the lines together still allow. A cell narrowed to one value takes the smallest
   shown cell of its lines with it, and steps 3 and 4 run again.

Every hidden cell is shown with the same mark. Marking the small ones "<5" and the others
differently would let a reader bound each one and work it out: a row of 6 with women hidden as
"5 or more" and men as "<5" can only be 5 and 1.

Zeros outside a small row are shown: a group of 5 or more that has no women is reported as
such, and hiding zeros would hide most of the tables of a small programme. Cells hidden in
steps 3 and 4 are never zero, so the rule stays honest about what a hidden cell may hold.

The audit narrows intervals line by line until they settle, which is what subtraction can do;
it does not solve the integer programme of every line at once, and it does not compare two
filtered views of the same people (see docs/disclosure.md, "What this does not do").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Groups of fewer people than this are not shown outside the coordinators' pages.
SMALL_GROUP = 5

Position = tuple[int, int, int]  # (table, row, column); the totals row is table -1, row 0.
TOTALS = -1


@dataclass(frozen=True)
class Protection:
    """Which cells to hide: `tables[t][r][c]` for the rows, `totals[c]` for the totals row."""

    tables: list[list[list[bool]]]
    totals: list[bool]

    @property
    def hidden_count(self) -> int:
        return sum(self.totals) + sum(
            hidden for table in self.tables for row in table for hidden in row
        )


def protect(
    tables: Sequence[Sequence[Sequence[int]]],
    totals: Sequence[int],
    *,
    splits: Sequence[Sequence[int]],
    threshold: int = SMALL_GROUP,
) -> Protection:
    """The cells of `tables` and of their shared `totals` row to hide (see the module's rule).

    Each row, and `totals`, is `[total, *parts]`; each split lists the part columns that add up
    to the total (every column but 0 in at least one split). Columns are lines too: the cells of
    a column across a table's rows, with the totals row's cell as their total.
    """
    values: dict[Position, int] = {}
    for c, value in enumerate(totals):
        values[(TOTALS, 0, c)] = value
    for t, rows in enumerate(tables):
        for r, row in enumerate(rows):
            if len(row) != len(totals):
                raise ValueError(f"row {r} of table {t} has {len(row)} cells, not {len(totals)}")
            for c, value in enumerate(row):
                values[(t, r, c)] = value

    hidden: set[Position] = set()
    # What a reader who knows this rule can tell a hidden cell holds at least.
    least: dict[Position, int] = {}
    row_keys = [(TOTALS, 0)] + [(t, r) for t, rows in enumerate(tables) for r in range(len(rows))]
    for t, r in row_keys:
        small_row = 0 < values[(t, r, 0)] < threshold
        for c in range(len(totals)):
            position = (t, r, c)
            if small_row or 0 < values[position] < threshold:
                hidden.add(position)
                # A row is listed only when someone is in it; its parts may be empty.
                least[position] = 0 if small_row and c else 1

    lines = _lines(tables, totals, splits)
    while True:
        changed = True
        while changed:
            changed = False
            for total, parts in lines:
                if _unsafe(total, parts, values, hidden, least, threshold):
                    hidden.add(_next_to_hide(total, parts, values, hidden))
                    changed = True
        pinned = _worked_out(lines, values, hidden, least)
        if not pinned:
            break
        hidden.add(_next_to_hide_beside(pinned[0], lines, values, hidden))
    return Protection(
        tables=[
            [[(t, r, c) in hidden for c in range(len(totals))] for r in range(len(rows))]
            for t, rows in enumerate(tables)
        ],
        totals=[(TOTALS, 0, c) in hidden for c in range(len(totals))],
    )


def _lines(
    tables: Sequence[Sequence[Sequence[int]]],
    totals: Sequence[int],
    splits: Sequence[Sequence[int]],
) -> list[tuple[Position, list[Position]]]:
    """Every row split and every column of every table: (its total, its parts)."""
    lines: list[tuple[Position, list[Position]]] = []
    row_keys = [(TOTALS, 0)] + [(t, r) for t, rows in enumerate(tables) for r in range(len(rows))]
    for t, r in row_keys:
        for split in splits:
            lines.append(((t, r, 0), [(t, r, c) for c in split]))
    for t, rows in enumerate(tables):
        if not rows:
            continue
        for c in range(len(totals)):
            lines.append(((TOTALS, 0, c), [(t, r, c) for r in range(len(rows))]))
    return lines


def _unsafe(
    total: Position,
    parts: list[Position],
    values: dict[Position, int],
    hidden: set[Position],
    least: dict[Position, int],
    threshold: int,
) -> bool:
    if total not in hidden and values[total] == 0:
        # Nobody in the line: its hidden parts (zeros of small rows) are zeros for everyone.
        return False
    hidden_parts = [part for part in parts if part in hidden]
    count = len(hidden_parts) + (total in hidden)
    if count == 0:
        return False
    if count == 1:
        return True
    if total in hidden:
        return False
    # The total is shown: the hidden parts' sum can be had by subtraction.
    hidden_sum = sum(values[part] for part in hidden_parts)
    lowest = sum(least.get(part, 1) for part in hidden_parts)
    return hidden_sum < threshold or hidden_sum <= lowest


# Passes of the audit's narrowing. 500 random programmes of up to 300 people settled in 1 to 5
# (3 most often); one still narrowing after 50 is audited as it stands then.
AUDIT_PASSES = 50


def _worked_out(
    lines: list[tuple[Position, list[Position]]],
    values: dict[Position, int],
    hidden: set[Position],
    least: dict[Position, int],
) -> list[Position]:
    """The hidden cells a reader can still work out exactly, across every line at once.

    Each hidden cell starts as "at least `least`, at most anything"; every line then narrows
    its cells (a part is at most its total less the least of the others, and at least its
    total less the most of the others) until nothing moves. The line rule misses what two
    lines give together: men hidden in the totals row, the one "other" both in the totals row
    and in its only row, and the column of men pins them all.
    """
    unbounded = sum(values.values()) + 1
    bounds = {
        position: (least.get(position, 1), unbounded) if position in hidden else (value, value)
        for position, value in values.items()
    }
    for _ in range(AUDIT_PASSES):
        changed = False
        for total, parts in lines:
            low_sum = sum(bounds[part][0] for part in parts)
            high_sum = sum(bounds[part][1] for part in parts)
            total_low, total_high = bounds[total]
            narrowed = {total: (max(total_low, low_sum), min(total_high, high_sum))}
            for part in parts:
                low, high = bounds[part]
                narrowed[part] = (
                    max(low, total_low - (high_sum - high)),
                    min(high, total_high - (low_sum - low)),
                )
            for position, bound in narrowed.items():
                if bound != bounds[position]:
                    bounds[position] = bound
                    changed = True
        if not changed:
            break
    zero_totals = {total for total, _parts in lines if total not in hidden and not values[total]}
    empty = {part for total, parts in lines if total in zero_totals for part in parts}
    return sorted(
        position
        for position in hidden
        if bounds[position][0] == bounds[position][1] and position not in empty
    )


def _next_to_hide_beside(
    position: Position,
    lines: list[tuple[Position, list[Position]]],
    values: dict[Position, int],
    hidden: set[Position],
) -> Position:
    """The smallest shown non-zero cell of the lines through `position`; when they have none
    left, of the lines through their hidden cells, and so on outwards."""
    reached, frontier = {position}, [position]
    while frontier:
        near = [line for line in lines if any(c == line[0] or c in line[1] for c in frontier)]
        cells = {cell for total, parts in near for cell in (total, *parts)}
        candidates = [cell for cell in cells if cell not in hidden and values[cell] > 0]
        if candidates:
            return min(candidates, key=lambda cell: (values[cell], cell))
        frontier = [cell for cell in cells if cell in hidden and cell not in reached]
        reached.update(frontier)
    raise AssertionError(f"cell {position} is worked out and nothing is left to hide")


def _next_to_hide(
    total: Position, parts: list[Position], values: dict[Position, int], hidden: set[Position]
) -> Position:
    candidates = [part for part in parts if part not in hidden and values[part] > 0]
    if candidates:
        return min(candidates, key=lambda part: (values[part], part))
    if total not in hidden:
        return total
    # Only a hidden total with shown zero parts is left: the total is 0, so nothing to protect;
    # the loop cannot get here with a non-zero total (its parts would add up to it).
    raise AssertionError(f"line {total} has nothing left to hide")

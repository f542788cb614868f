"""What changed between two versions of a draft, clause by clause (difflib).

Clauses are matched by their number; the clause lists are aligned as sequences so that a
removed clause shows where it stood. Within a clause the heading and the text are compared
character by character: Chinese has no spaces to split words on.
"""

import dataclasses
import difflib

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"


@dataclasses.dataclass(frozen=True)
class Piece:
    kind: str  # "equal", "delete" or "insert"
    text: str


@dataclasses.dataclass(frozen=True)
class ClauseChange:
    number: str
    status: str
    heading: tuple[Piece, ...]
    text: tuple[Piece, ...]


def pieces(old: str, new: str) -> tuple[Piece, ...]:
    """`old` turned into `new` as kept, deleted and inserted runs of characters."""
    if old == new:
        return (Piece("equal", new),) if new else ()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            found.append(Piece("equal", old[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            found.append(Piece("delete", old[i1:i2]))
        if tag in ("insert", "replace"):
            found.append(Piece("insert", new[j1:j2]))
    return tuple(found)


def _whole(kind: str, clause) -> ClauseChange:
    piece = "insert" if kind == ADDED else "delete"
    return ClauseChange(
        clause.number,
        kind,
        (Piece(piece, clause.heading),),
        (Piece(piece, clause.text),) if clause.text else (),
    )


def compare(old_clauses, new_clauses) -> list[ClauseChange]:
    """Every clause of either version, in the new version's order, with what changed."""
    old_clauses, new_clauses = list(old_clauses), list(new_clauses)
    old_numbers = [c.number for c in old_clauses]
    new_numbers = [c.number for c in new_clauses]
    matcher = difflib.SequenceMatcher(None, old_numbers, new_numbers, autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old, new in zip(old_clauses[i1:i2], new_clauses[j1:j2], strict=True):
                same = (old.heading, old.text) == (new.heading, new.text)
                changes.append(
                    ClauseChange(
                        new.number,
                        SAME if same else CHANGED,
                        pieces(old.heading, new.heading),
                        pieces(old.text, new.text),
                    )
                )
            continue
        changes += [_whole(REMOVED, clause) for clause in old_clauses[i1:i2]]
        changes += [_whole(ADDED, clause) for clause in new_clauses[j1:j2]]
    return changes


def summary(changes: list[ClauseChange]) -> dict[str, int]:
    counts = dict.fromkeys((ADDED, REMOVED, CHANGED, SAME), 0)
    for change in changes:
        counts[change.status] += 1
    return counts

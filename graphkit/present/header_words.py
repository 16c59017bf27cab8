"""A view's header in words: its answer in one line (who or what, on the date shown) and
a neighbourhood's links counted (:mod:`graphkit.viz.build` writes them above the picture).

Example:
    >>> links_line(2, 0)
    '2 agreement links in force on this date.'
"""

from __future__ import annotations

from graphkit.present.words import count_paths


def names_line(names: list[str], most: int = 3) -> str:
    """Names in a sentence, at most ``most`` of them and how many more.

    Example:
        >>> names_line(["A"]), names_line(["A", "B"]), names_line(["A", "B", "C", "D", "E"])
        ('A', 'A and B', 'A, B, C and 2 more')
    """
    shown = names[:most]
    rest = len(names) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} more"
    return " and ".join(shown) if len(shown) < 3 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def answer_line(
    question: str, names: list[str], blocked: int = 0, declared: list[str] | None = None
) -> str:
    """A view's answer in one line, for its header: who or what, on the date shown; for
    reach, apart, the parties only a published permission names (``declared``).

    Example:
        >>> answer_line("reach", ["ICE", "CBP"], blocked=1)
        '2 parties can obtain it on this date: ICE and CBP. 1 agreement is blocked.'
        >>> answer_line("reach", ["ICE"], declared=["DOJ", "DOS"]).split(". ")[1]
        '2 more only by a published permission (declared): DOJ and DOS.'
        >>> answer_line("reach", [], declared=["DOJ"])
        'Only by a published permission (declared), 1 party can obtain it on this date: DOJ.'
        >>> answer_line("reachable", ["IRS addresses"])
        'It can obtain 1 dataset on this date: IRS addresses.'
    """
    count = len(names)
    parties = f"part{'y' if count == 1 else 'ies'}"
    if question == "reach" and not names and declared:
        count = len(declared)
        parties = f"part{'y' if count == 1 else 'ies'}"
        text = (
            f"Only by a published permission (declared), {count} {parties} can obtain it on "
            f"this date: {names_line(declared)}."
        )
        declared = []
    elif question == "reach":
        text = f"{count} {parties} can obtain it on this date: {names_line(names)}."
    elif question == "reachable":
        text = f"It can obtain {count} dataset{'' if count == 1 else 's'} on this date"
        text += f": {names_line(names)}."
    else:
        text = f"{count_paths(count)} between them on this date."
    if declared:
        text += (
            f" {len(declared)} more only by a published permission (declared): "
            f"{names_line(declared)}."
        )
    if blocked:
        verb = "is" if blocked == 1 else "are"
        text += f" {blocked} agreement{'' if blocked == 1 else 's'} {verb} blocked."
    return text


def links_line(carrying: int, stopped: int, unsure: int = 0) -> str:
    """A neighbourhood's or the whole graph's links in one line, for a view's header:
    in force, with no date or uncertain, and not in force.

    Example:
        >>> links_line(30, 1, 2)
        '30 agreement links in force on this date; 2 undated or uncertain; 1 not in force.'
    """
    parts = [f"{carrying} agreement link{'' if carrying == 1 else 's'} in force on this date"]
    if unsure:
        parts.append(f"{unsure} undated or uncertain")
    if stopped:
        parts.append(f"{stopped} not in force")
    return "; ".join(parts) + "."

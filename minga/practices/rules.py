"""The peer-review rule, as a pure function (used by the actions and shown on the pages).

A practice is **published** when:

1. the panel is complete: at least the practice's required number of UN reviewers and of
   external reviewers are assigned (default one and two);
2. every assigned reviewer has given a verdict and every one recommends approval;
3. no clarification asked of the submitter is still unanswered; and
4. each of the five criteria is answered "yes" by a strict majority of the assigned reviewers.

It is **not retained** when every assigned reviewer has given a verdict (panel complete, no
open clarification) and a strict majority recommend not retaining it. Otherwise it stays in
review.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import CRITERIA, Answer, Recommendation, ReviewerRole

PUBLISH = "publish"
REJECT = "reject"


@dataclass
class Tally:
    key: str
    label: Any
    yes: int = 0
    no: int = 0
    unsure: int = 0
    satisfied: bool = False


@dataclass
class Decision:
    outcome: str | None  # PUBLISH, REJECT or None (still in review)
    panel_complete: bool
    verdicts_in: int
    assigned: int
    approvals: int
    rejections: int
    tallies: list[Tally] = field(default_factory=list)


def decide(
    *,
    required_un: int,
    required_external: int,
    panel: Sequence[tuple[str, Any]],
    open_clarifications: int,
) -> Decision:
    """``panel``: (reviewer role, verdict or None) for each assignment."""
    assigned = len(panel)
    un = sum(1 for role, _v in panel if role == ReviewerRole.UN)
    external = sum(1 for role, _v in panel if role == ReviewerRole.EXTERNAL)
    verdicts = [v for _role, v in panel if v is not None]
    panel_complete = un >= required_un and external >= required_external and assigned > 0
    tallies = []
    for key, label in CRITERIA:
        tally = Tally(key, label)
        for verdict in verdicts:
            answer = getattr(verdict, key)
            if answer == Answer.YES:
                tally.yes += 1
            elif answer == Answer.NO:
                tally.no += 1
            else:
                tally.unsure += 1
        tally.satisfied = assigned > 0 and tally.yes * 2 > assigned
        tallies.append(tally)
    approvals = sum(1 for v in verdicts if v.recommendation == Recommendation.APPROVE)
    rejections = sum(1 for v in verdicts if v.recommendation == Recommendation.REJECT)
    all_in = panel_complete and len(verdicts) == assigned and not open_clarifications
    outcome = None
    if all_in and approvals == assigned and all(t.satisfied for t in tallies):
        outcome = PUBLISH
    elif all_in and rejections * 2 > assigned:
        outcome = REJECT
    return Decision(
        outcome=outcome,
        panel_complete=panel_complete,
        verdicts_in=len(verdicts),
        assigned=assigned,
        approvals=approvals,
        rejections=rejections,
        tallies=tallies,
    )

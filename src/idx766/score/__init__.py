"""The score model: recompute every group score from the portal's inputs, explain it, and
answer "what if" and "what would it take".

Library first, over polars frames, for every unit at once::

    from idx766.score import inputs_frame, group_scores, unit_totals, whatif, goal_seek, Goal

    inputs = inputs_frame(records)                # the six endpoints' Records, any number
    groups = group_scores(inputs)                  # published vs recomputed, per unit and group
    totals = unit_totals(groups)                   # totals and ranks among peers
    whatif(inputs, unit="H44", changes={"pakn-dung-han": 35}, period="2026")
    goal_seek(inputs, goal=Goal(rank=1), unit="H44.20", period="2026")

The formulas are data (``formulas.toml``, one methodology version at a time); the model
refuses data of a version it does not know. See ``docs/score-model.md``.
"""

from idx766.score.catalogue import Component, Group, Lever, Version, catalogue, version, version_for
from idx766.score.errors import (
    InputConflictError,
    PeriodError,
    ScoreError,
    UnknownLeverError,
    UnknownMethodologyError,
    UnknownUnitError,
)
from idx766.score.explain import explain, formulas_frame
from idx766.score.goal import Goal, band_threshold, goal_seek, marginal
from idx766.score.inputs import INPUT_SCHEMA, inputs_frame
from idx766.score.recompute import (
    TOLERANCE,
    component_scores,
    formula_frame,
    group_scores,
    unit_totals,
)
from idx766.score.select import find_unit, one_period
from idx766.score.whatif import WhatIf, apply_changes, whatif, whatif_each

__all__ = [
    "INPUT_SCHEMA",
    "TOLERANCE",
    "Component",
    "Goal",
    "Group",
    "InputConflictError",
    "Lever",
    "PeriodError",
    "ScoreError",
    "UnknownLeverError",
    "UnknownMethodologyError",
    "UnknownUnitError",
    "Version",
    "WhatIf",
    "apply_changes",
    "band_threshold",
    "catalogue",
    "component_scores",
    "explain",
    "find_unit",
    "formula_frame",
    "formulas_frame",
    "goal_seek",
    "group_scores",
    "inputs_frame",
    "marginal",
    "one_period",
    "unit_totals",
    "version",
    "version_for",
    "whatif",
    "whatif_each",
]

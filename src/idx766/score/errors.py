"""What the score model refuses, each with the reason in one line."""

from __future__ import annotations

__all__ = [
    "InputConflictError",
    "PeriodError",
    "ScoreError",
    "UnknownLeverError",
    "UnknownMethodologyError",
    "UnknownUnitError",
]


class ScoreError(ValueError):
    """Base of the score model's refusals (not a damaged file: a question it cannot answer)."""

    kind = "score"


class UnknownMethodologyError(ScoreError):
    """The data belongs to a methodology version the catalogue does not know."""

    kind = "unknown_methodology"


class InputConflictError(ScoreError):
    """Two files give different inputs for the same unit, component and period."""

    kind = "input_conflict"


class UnknownUnitError(ScoreError):
    """No unit, or more than one, answers to the name given."""

    kind = "unknown_unit"


class UnknownLeverError(ScoreError):
    """A lever name the methodology version does not define, or a change it cannot make."""

    kind = "unknown_lever"


class PeriodError(ScoreError):
    """The inputs hold several periods and none was chosen, or not the one asked for."""

    kind = "period"

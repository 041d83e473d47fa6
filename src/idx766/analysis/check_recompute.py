"""The score model as a check: a published group score must follow from its own inputs."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from idx766.analysis.catalogue import Check, register
from idx766.model import Finding, Provenance, Records, Severity
from idx766.score.errors import ScoreError
from idx766.score.inputs import inputs_frame
from idx766.score.recompute import TOLERANCE, component_scores, group_scores

__all__: list[str] = []


def _recomputes(check: Check, records: Records) -> Iterator[Finding]:
    try:
        inputs = inputs_frame(records)  # a file without inputs gives none, quickly
    except ScoreError:
        return  # a methodology the model does not know: nothing to say about its scores
    differs = group_scores(inputs).filter(pl.col("status") == "differs")
    if differs.is_empty():
        return
    parts = (
        component_scores(inputs)
        .filter(pl.col("difference") != 0)
        .group_by("unit_id", "group")
        .agg(
            pl.format("{} {} (recomputed {})", "component", "published", "recomputed").alias(
                "parts"
            )
        )
    )
    where = inputs.group_by("unit_id", "group").agg(
        pl.col("source_file", "source_row", "source_sheet").first()
    )
    rows = differs.join(parts, on=["unit_id", "group"], how="left").join(
        where, on=["unit_id", "group"], how="left"
    )
    for row in rows.sort("source_row", "group", nulls_last=True).iter_rows(named=True):
        listed = "; ".join(row["parts"] or [])
        yield check.finding(
            unit=row["unit"],
            location=Provenance(
                file=row["source_file"], row=row["source_row"], sheet=row["source_sheet"]
            ),
            group=row["group"],
            published=row["published"],
            recomputed=row["recomputed"],
            difference=row["difference"],
            components=f"; components published otherwise: {listed}" if listed else "",
        )


register(
    Check(
        code="score-recomputes",
        title="A published group score follows from its inputs",
        severity=Severity.WARNING,
        description=(
            "Where the portal publishes a group's inputs (its six sub-criteria endpoints: "
            "numerators, denominators and counts per unit), the score model recomputes the "
            "group with the formula catalogue of the data's methodology version (see the "
            "score model page) and compares it with the published score. A difference of "
            f"more than {TOLERANCE} is reported: the portal's own stale or inconsistent "
            f"figures. Up to {TOLERANCE} is allowed because the portal rounds an intermediate "
            "percentage in floating point, which tips a half cent either way: 4 of 328 "
            "payment groups of Phú Thọ's captures are 0.01 off for that reason, while every "
            "component score the portal publishes on its own is reproduced exactly. A "
            "warning, not an error: the formulas are reconstructed from real data, not "
            "published, so a difference asks a person to look. Data of a methodology the "
            "model does not know (dated before its first version) is not checked."
        ),
        template=(
            "{unit}: {group} is published as {published} but its inputs give {recomputed} "
            "(off by {difference}){components}"
        ),
        tolerance=(
            f"{TOLERANCE} per group: the portal rounds an intermediate percentage in "
            "floating point, which tips a half cent either way (4 of 328 payment groups of "
            "Phú Thọ's captures)."
        ),
        run=_recomputes,
    )
)

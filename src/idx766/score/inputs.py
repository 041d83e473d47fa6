"""The score model's inputs: one row per unit, period, group and component, from Records.

Built on the records the portal parser reads (``idx766.frames.frame_of``), not on the JSON: a
component's numerator and denominator come from the metric its catalogue entry names (a
``metrics[]`` item's ``ratio`` metric, its ``indicator`` the item's code, or count fields of a
tree endpoint), its published score and maximum from the item's ``score`` metric (its
``maximum``), the group's published score from the unit's snapshot.
Null stays null: a missing count is a null numerator, never 0.

Units are identified by ``unit_id``: the portal's ``departmentId`` where the file gives it (the
one identifier every endpoint shares), else the unit code, else the unit key. ``root_id`` is
the unit the response is rooted at (the province), which province-wide components share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import polars as pl

from idx766.frames import frame_of
from idx766.model import Level, Records
from idx766.score.catalogue import Version, catalogue, version, version_for
from idx766.score.errors import InputConflictError, UnknownMethodologyError

__all__ = ["INPUT_SCHEMA", "KEY", "inputs_frame"]

SCORE = pl.Decimal(38, 2)

INPUT_SCHEMA: dict[str, pl.DataType] = {
    "version": pl.String(),
    "period": pl.String(),
    "as_of": pl.Date(),
    "unit_id": pl.String(),
    "unit": pl.String(),
    "unit_code": pl.String(),
    "level": pl.String(),
    "root_id": pl.String(),
    "group": pl.String(),
    "component": pl.String(),
    "numerator": pl.Int64(),
    "denominator": pl.Int64(),
    "ratio": SCORE,
    "published": SCORE,
    "published_max": SCORE,
    "group_published": SCORE,
    "quality": pl.String(),
    "source_file": pl.String(),
    "source_row": pl.Int64(),
    "source_sheet": pl.String(),
}
"""The columns of an inputs frame. ``component`` is null on the row of a group that is
published without inputs (a child of the online-services tree); ``published`` is the
component's own published score where the endpoint publishes one."""

KEY = ("version", "period", "unit_id", "group", "component")
"""What identifies an input row."""

_UNIT_COLUMNS = ("unit_id", "unit", "unit_code", "level")
_SOURCE = ("source_file", "source_row", "source_sheet")


def _unit_id() -> pl.Expr:
    return pl.coalesce("unit_portal_id", "unit_code", "unit_key").alias("unit_id")


def _spec(v: Version) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The version's components as two frames: those read from a metric item, and the count
    fields (numerator parts and denominators) of those read from a tree's counts."""
    items = [
        {"group": c.group, "component": c.code, "metric": c.metric}
        for c in v.components
        if c.metric is not None
    ]
    counts = [
        {"group": c.group, "component": c.code, "field": f, "role": role}
        for c in v.components
        if c.metric is None
        for role, fields in (("numerator", c.numerator), ("denominator", (c.denominator,)))
        for f in fields
    ]
    return (
        pl.DataFrame(
            items, schema={"group": pl.String, "component": pl.String, "metric": pl.String}
        ),
        pl.DataFrame(
            counts,
            schema={
                "group": pl.String,
                "component": pl.String,
                "field": pl.String,
                "role": pl.String,
            },
        ),
    )


def _whole(column: str) -> pl.Expr:
    """A count column as Int64 (a count that is not whole becomes null)."""
    value = pl.col(column).cast(pl.Decimal(38, 6))
    whole = value.cast(pl.Int64, strict=False)
    return pl.when(whole.cast(pl.Decimal(38, 6)) == value).then(whole).otherwise(None)


def _file_metrics(records: Records) -> pl.DataFrame:
    frame = frame_of("metrics", [m for m in records.metrics if m.unit is not None])
    return frame.select(
        _unit_id(),
        "unit",
        "unit_code",
        pl.col("level").cast(pl.String),
        # an item's figures are named by the item's code, a count by its field
        pl.coalesce("indicator", "metric").cast(pl.String).alias("metric"),
        pl.col("metric").cast(pl.String).alias("figure"),
        pl.col("maximum").cast(SCORE, strict=False).alias("maximum"),
        pl.col("value").cast(pl.Decimal(38, 6)),
        _whole("numerator").alias("numerator"),
        _whole("denominator").alias("denominator"),
        pl.col("measure").cast(pl.String),
        pl.col("quality").cast(pl.String),
        pl.col("source_file").cast(pl.String),
        pl.col("source_row").cast(pl.Int64),
        pl.col("source_sheet").cast(pl.String),
    )


def _file_groups(records: Records, v: Version) -> pl.DataFrame:
    """The published group scores of the file's units: one row per unit and group."""
    scores = frame_of("scores", records.scores)
    keys = [g.key for g in v.groups if g.key in scores.columns]
    if scores.is_empty() or not keys:
        return pl.DataFrame(
            schema={
                **{c: pl.String for c in _UNIT_COLUMNS},
                "group": pl.String,
                "group_published": SCORE,
                **{c: INPUT_SCHEMA[c] for c in _SOURCE},
            }
        )
    index = [*_UNIT_COLUMNS, *_SOURCE]
    return (
        scores.select(
            _unit_id(),
            "unit",
            "unit_code",
            pl.col("level").cast(pl.String),
            *[pl.col(c).cast(INPUT_SCHEMA[c]) for c in _SOURCE],
            *[pl.col(k).cast(SCORE) for k in keys],
        )
        .unpivot(index=index, on=keys, variable_name="group", value_name="group_published")
        .filter(pl.col("group_published").is_not_null())
    )


def _period(records: Records) -> str | None:
    periods = {s.period.label for s in records.scores if s.period is not None}
    if len(periods) > 1:
        raise InputConflictError(
            f"{records.document.source}: holds several periods ({', '.join(sorted(periods))})"
        )
    return periods.pop() if periods else None


def _as_of(records: Records) -> date | None:
    days = [s.as_of for s in records.scores if s.as_of] + [
        m.as_of for m in records.metrics if m.as_of
    ]
    return max(days) if days else None


def _version_of(records: Records, as_of: date | None, key: str | None) -> Version:
    source = records.document.source
    v = version(key) if key is not None else version_for(as_of, what=source)
    other = {s.methodology for s in records.scores} - {None, v.methodology}
    if other:
        raise UnknownMethodologyError(
            f"{source}: its scores are of the {', '.join(sorted(o for o in other if o))} "
            f"methodology; {v.key} scores {v.methodology}"
        )
    return v


def _item_inputs(metrics: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    ratios = metrics.filter(pl.col("figure") != "score")
    inputs = items.join(ratios, on="metric", how="inner").select(
        *_UNIT_COLUMNS,
        "group",
        "component",
        "numerator",
        "denominator",
        pl.col("value").cast(SCORE).alias("ratio"),
        "quality",
        "source_file",
        "source_row",
        "source_sheet",
        "metric",
    )
    scored = metrics.filter(pl.col("figure") == "score").select(
        "unit_id",
        "metric",
        pl.col("value").cast(SCORE).alias("published"),
        pl.col("maximum").alias("published_max"),
    )
    return inputs.join(scored, on=["unit_id", "metric"], how="left").drop("metric")


def _count_inputs(metrics: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    values = counts.join(metrics, left_on="field", right_on="metric", how="inner").with_columns(
        count=_whole("value")
    )
    parts = counts.group_by("component", "role").agg(expected=pl.len())
    summed = (
        values.group_by(*_UNIT_COLUMNS, "group", "component", "role")
        .agg(
            pl.col("count").sum(),
            present=pl.col("count").count(),
            source_file=pl.col("source_file").first(),
            source_row=pl.col("source_row").first(),
            source_sheet=pl.col("source_sheet").first(),
        )
        .join(parts, on=["component", "role"])
        .with_columns(
            count=pl.when(pl.col("present") == pl.col("expected")).then("count").otherwise(None)
        )
    )
    index = [*_UNIT_COLUMNS, "group", "component"]
    return (
        summed.pivot(on="role", index=index, values="count", aggregate_function="first")
        .join(
            summed.group_by(index).agg(pl.col("source_file", "source_row", "source_sheet").first()),
            on=index,
        )
        .with_columns(
            *[
                (pl.col(c) if c in summed["role"].unique().to_list() else pl.lit(None))
                .cast(pl.Int64)
                .alias(c)
                for c in ("numerator", "denominator")
            ],
            ratio=pl.lit(None, dtype=SCORE),
            quality=pl.lit(None, dtype=pl.String),
            published=pl.lit(None, dtype=SCORE),
            published_max=pl.lit(None, dtype=SCORE),
        )
    )


def _check_maxima(frame: pl.DataFrame, v: Version, source: str) -> None:
    """A component the file scores out of another maximum is another methodology."""
    maxima = pl.DataFrame(
        {"component": [c.code for c in v.components], "max": [c.max_points for c in v.components]},
        schema={"component": pl.String, "max": SCORE},
    )
    wrong = (
        frame.join(maxima, on="component")
        .filter(pl.col("published_max").is_not_null() & (pl.col("published_max") != pl.col("max")))
        .select("component", "published_max", "max")
        .unique()
    )
    if wrong.height:
        row = wrong.row(0, named=True)
        raise UnknownMethodologyError(
            f"{source}: {row['component']} is scored out of {row['published_max'].normalize()} "
            f"there, out of {row['max'].normalize()} in {v.key}; the score model does not know "
            "this methodology"
        )


def _input_names() -> set[str]:
    return {
        name
        for v in catalogue().values()
        for c in v.components
        for name in ([c.metric] if c.metric else [*c.numerator, c.denominator])
        if name is not None
    }


def _file_inputs(records: Records, key: str | None) -> pl.DataFrame:
    if not _input_names() & {m.indicator or m.metric for m in records.metrics}:
        return pl.DataFrame(schema=INPUT_SCHEMA)  # a file without inputs adds nothing
    period = _period(records)
    as_of = _as_of(records)
    v = _version_of(records, as_of, key)
    items, counts = _spec(v)
    metrics = _file_metrics(records)
    components = pl.concat(
        [_item_inputs(metrics, items), _count_inputs(metrics, counts)], how="diagonal_relaxed"
    )
    _check_maxima(components, v, records.document.source)
    groups = _file_groups(records, v)
    frame = components.join(
        groups.select("unit_id", "group", "group_published"), on=["unit_id", "group"], how="left"
    )
    bare = groups.join(
        components.select("unit_id", "group").unique(), on=["unit_id", "group"], how="anti"
    )
    frame = pl.concat([frame, bare], how="diagonal_relaxed")
    provinces = (
        pl.concat([metrics.select(_UNIT_COLUMNS), groups.select(_UNIT_COLUMNS)])
        .filter(pl.col("level") == Level.PROVINCE.value)["unit_id"]
        .unique()
    )
    root = provinces[0] if provinces.len() == 1 else None
    return frame.with_columns(
        version=pl.lit(v.key),
        period=pl.lit(period, dtype=pl.String),
        as_of=pl.lit(as_of, dtype=pl.Date),
        root_id=pl.lit(root, dtype=pl.String),
        source_file=pl.coalesce("source_file", pl.lit(records.document.source)),
    ).select([pl.col(c).cast(t) for c, t in INPUT_SCHEMA.items()])


def _conflicts(frame: pl.DataFrame) -> None:
    values = ["numerator", "denominator", "published", "group_published"]
    dupes = (
        frame.group_by(list(KEY))
        .agg(*[pl.col(c).n_unique().alias(c) for c in values])
        .filter(pl.any_horizontal(pl.col(c) > 1 for c in values))
    )
    if dupes.is_empty():
        return
    first = dupes.sort(list(KEY), nulls_last=True).head(1)
    rows = frame.join(first.select(KEY), on=list(KEY), nulls_equal=True)
    seen = "; ".join(
        f"{r['numerator']}/{r['denominator']} (score {r['group_published']}) in {r['source_file']}"
        for r in rows.iter_rows(named=True)
    )
    row = rows.row(0, named=True)
    period = row["period"] or "an unknown period (files that name none)"
    raise InputConflictError(
        f"{len(dupes)} inputs differ between files, e.g. {row['component'] or row['group']} of "
        f"{row['unit']} for {period}: {seen}; give the files of one capture"
    )


def inputs_frame(
    records: Iterable[Records] | Records, *, methodology: str | None = None
) -> pl.DataFrame:
    """The score inputs of the files' records, one row per period, unit, group and component
    (schema :data:`INPUT_SCHEMA`).

    Each file's methodology version is the one that applies on its date (``methodology``
    names one instead); data the model does not know is refused with
    :class:`~idx766.score.errors.UnknownMethodologyError`. Files that give different inputs
    for one unit, component and period raise :class:`InputConflictError`; equal repeats are
    kept once. A file without inputs adds only its published group scores.
    """
    batch: Sequence[Records] = [records] if isinstance(records, Records) else list(records)
    frames = [_file_inputs(r, methodology) for r in batch]
    if not frames:
        return pl.DataFrame(schema=INPUT_SCHEMA)
    frame = pl.concat(frames, how="vertical")
    _conflicts(frame)
    # one name, code, level and root per unit, whichever file gave them (the transparency
    # endpoint has no codes; the digitisation endpoint has)
    described = frame.with_columns(
        pl.col(c).drop_nulls().first().over("unit_id") for c in ("unit", "unit_code", "level")
    ).with_columns(pl.col("root_id").drop_nulls().first().over("version", "period", "unit_id"))
    return described.unique(subset=list(KEY), keep="first", maintain_order=True)

"""A tiny third-party parser: ``.766tsv`` files with lines ``unit<TAB>date<TAB>total``."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

from idx766 import Document, ParseOptions, Probe, Provenance, Records, Snapshot, Unit


class DemoTsvParser:
    name = "demo-tsv"
    description = "Demo plugin: unit, ISO date and total separated by tabs"
    suffixes = (".766tsv",)

    def sniff(self, probe: Probe) -> float:
        return 1.0 if probe.suffix == ".766tsv" else 0.0

    def parse(self, path: Path, options: ParseOptions) -> Records:
        data = path.read_bytes()
        scores = []
        for i, line in enumerate(data.decode("utf-8").splitlines()):
            unit, day, total = line.split("\t")
            scores.append(
                Snapshot(
                    unit=Unit.from_printed(unit),
                    as_of=date.fromisoformat(day),
                    total=Decimal(total),
                    sources=(Provenance(file=str(path), row=i),),
                )
            )
        doc = Document(
            kind="spreadsheet",
            source=str(path),
            sha256=hashlib.sha256(data).hexdigest(),
            parser=self.name,
        )
        return Records(document=doc, scores=tuple(scores))

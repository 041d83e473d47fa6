"""What the command shows people: Vietnamese tables, workbooks, Excel CSV, dates from the user
or the file name, partial lists, series kept apart, exit codes; and the invariants behind them."""

from __future__ import annotations

import csv
import io
import itertools
import json
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

import idx766
import idx766.analysis.checks
import idx766.cli.records
from idx766.chart import rank_segments
from idx766.cli import main
from idx766.cli.output import format_table
from idx766.dates import date_in_file_name
from idx766.model import Period, PeriodKind
from idx766.numbers import NumberStyle, parse_decimal
from idx766.present import format_value

HERE = Path(__file__).parent
DOCX = HERE / "fixtures" / "docx"
WEEKLY = DOCX / "001-bao-cao-tuan-21-2026.docx"
LETTER = DOCX / "000-bieu-duong-tuan-13-2026.docx"
RANKING_CSV = HERE / "fixtures" / "spreadsheets" / "ranking.csv"
POLARS_REPR = ("shape: (", "decimal[38", "│ str", "╞═")


def _out(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> str:
    assert main(list(argv)) == code
    out = capsys.readouterr().out
    assert not any(marker in out for marker in POLARS_REPR), out[:400]
    return out


# -- tables for people -------------------------------------------------------------------


def test_rank_prints_a_vietnamese_table(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, "rank", str(WEEKLY), "--level", "commune")
    header = next(line for line in out.splitlines() if line.startswith("Đơn vị"))
    for label in ("Tổng điểm", "Hạng", "Hạng Công khai (18)", "Hạng Số hóa (22)"):
        assert label in header
    assert "UBND xã Quảng Bạch" in out and "97,99" in out and "1/92" in out
    assert "97.99" not in out  # numbers the Vietnamese way


def test_diff_prints_vietnamese_tables(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, "diff", str(LETTER), str(WEEKLY))
    assert "Tổng điểm 28/03/2026 → 25/05/2026" in out
    for label in ("Đơn vị", "Tổng điểm trước", "Tổng điểm sau", "Hạng sau", "Thay đổi hạng"):
        assert label in out
    assert "+0,34" in out  # Sở Y tế 95,25 → 95,59
    out_en = _out(capsys, "diff", str(LETTER), str(WEEKLY), "--lang", "en")
    assert "Unit" in out_en and "Rank after" in out_en and "+0.34" in out_en


def test_parse_shows_every_kind_of_record(capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, "parse", str(WEEKLY))
    for title in ("Điểm số", "Biến động điểm", "Hồ sơ quá hạn", "Phản ánh, kiến nghị (PAKN)"):
        assert f"\n{title}\n" in out
    assert "PAKN.20260417.0001" in out and "811" in out  # a PAKN, and the overdue total
    assert "25/05/2026" in out and "2026-05-25" not in out


def test_names_wrap_between_words_to_fit_the_width() -> None:
    rows = [["UBND xã Nghinh Tường", "97,30"], ["Sở Văn hóa, Thể thao và Du lịch", "95,20"]]
    text = format_table(["Đơn vị", "Tổng điểm"], rows, [False, True], width=24)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 24
    words = {w for r in rows for w in r[0].split()}
    assert words <= set(" ".join(lines).split())  # every word whole


@given(
    st.lists(
        st.lists(st.text("abc đơn vị ", min_size=0, max_size=25), min_size=3, max_size=3),
        min_size=1,
        max_size=8,
    ),
    st.integers(20, 120),
)
def test_a_table_keeps_every_word_and_fits_when_it_can(rows: list[list[str]], width: int) -> None:
    headers = ["Đơn vị", "Cấp", "Ghi chú"]
    text = format_table(headers, rows, [False, False, False], width)
    printed = text.split()
    for cell in [*headers, *(c for r in rows for c in r)]:
        for word in cell.split():
            assert word in printed
    floor = sum(
        max([len(w) for c in col for w in c.split()] or [1])
        for col in zip(*rows, headers, strict=False)
    )
    if floor + 4 <= width:
        assert max(len(line) for line in text.splitlines()) <= width


# -- Excel -------------------------------------------------------------------------------


def test_parse_to_xlsx_holds_every_record_with_vietnamese_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tuan-21.xlsx"
    _out(capsys, "parse", str(WEEKLY), "--format", "xlsx", "-o", str(target))
    records = idx766.parse(WEEKLY)
    book = CalamineWorkbook.from_path(str(target))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    counts = {
        "Điểm số": len(records.scores),
        "Biến động điểm": len(records.changes),
        "Hồ sơ quá hạn": len(records.overdue),
        "Phản ánh, kiến nghị (PAKN)": len(records.pakn),
        "Số liệu khác": len(records.metrics),
    }
    for name, count in counts.items():
        assert len(sheets[name]) == 1 + count, name
    scores = sheets["Điểm số"]
    header = scores[0]
    assert header[:4] == ["Đơn vị", "Cấp", "Ngày", "Kỳ"] and "Tổng điểm" in header
    total = header.index("Tổng điểm")
    typed = [row[total] for row in scores[1:] if row[total] != ""]
    assert typed and all(isinstance(v, float) for v in typed)
    leader = next(r for r in scores[1:] if r[0] == "UBND xã Quảng Bạch")
    assert leader[total] == pytest.approx(97.99) and leader[1] == "Xã, phường"
    overdue = sheets["Hồ sơ quá hạn"]
    assert sum(r[overdue[0].index("Hồ sơ quá hạn")] for r in overdue[1:]) == 811


def test_csv_for_excel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rank.csv"
    _out(capsys, "rank", str(WEEKLY), "--format", "csv", "--excel", "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Đơn vị", "Tổng điểm"]
    leader = next(r for r in rows if r[0] == "UBND xã Quảng Bạch")
    assert leader[1] == "97,99"
    plain = tmp_path / "plain.csv"
    _out(capsys, "rank", str(WEEKLY), "--format", "csv", "-o", str(plain))
    frame = pl.read_csv(plain)  # machine CSV unchanged: snake_case, dot decimals
    assert {"unit", "total", "rank"} <= set(frame.columns)


# -- dates from the user and from the file name -----------------------------------------------


def _undated_export(tmp_path: Path, name: str, rank_header: str = "Xếp hạng") -> Path:
    """A portal ranking export that states no date inside (its title lines cut off), its
    first column headed ``rank_header``."""
    lines = RANKING_CSV.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Xếp hạng,"))
    lines[start] = rank_header + lines[start].removeprefix("Xếp hạng")
    path = tmp_path / name
    path.write_text("\n".join(lines[start:]) + "\n", encoding="utf-8")
    return path


def test_a_date_in_the_file_name_dates_an_undated_export(tmp_path: Path) -> None:
    """The export numbers its rows by STT, in order of score: a full ranking, whose row numbers
    are the ranks (issue 14)."""
    path = _undated_export(tmp_path, "provinces-2026-05-25.csv", rank_header="STT")
    records = idx766.parse(path)
    assert {s.as_of for s in records.scores} == {date(2026, 5, 25)}
    with path.open(encoding="utf-8", newline="") as f:
        stated = [(row["Tỉnh, thành phố"], int(row["STT"])) for row in csv.DictReader(f)]
    assert len(stated) == 34
    assert [(s.unit.name, s.rank) for s in records.scores] == stated
    assert {s.rank_of for s in records.scores} == {34}
    [said] = [f for f in records.findings if f.check == "date-supplied"]
    assert "25/05/2026" in said.message and "file's name" in said.message
    assert not [f for f in records.findings if f.check == "undated-data"]


def test_as_of_overrides_the_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _undated_export(tmp_path, "provinces-2026-05-25.csv")
    assert main(["parse", str(path), "--as-of", "2026-06-01", "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert {s["as_of"] for s in obj["scores"]} == {"2026-06-01"}
    assert any("--as-of" in f["message"] for f in obj["findings"])


def test_a_date_the_file_states_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "ranking-2026-01-01.csv"
    shutil.copy(RANKING_CSV, path)  # its title says "Số liệu ngày 06/10/2026"
    records = idx766.parse(path, options=idx766.ParseOptions(as_of=date(2026, 1, 2)))
    assert {s.as_of for s in records.scores} == {date(2026, 10, 6)}


@given(
    st.dates(date(2015, 1, 1), date(2099, 12, 31)),
    st.sampled_from(["{:%Y-%m-%d}", "{:%d-%m-%Y}", "{:%d%m%Y}", "{:%Y_%m_%d}", "{:%d.%m.%Y}"]),
    st.sampled_from(["provinces-", "bao cao ", "agencies_GiaLai_", ""]),
)
def test_every_common_date_pattern_in_a_name_is_read(day: date, pattern: str, prefix: str) -> None:
    name = prefix + pattern.format(day) + ".csv"
    found = date_in_file_name(name)
    if pattern == "{:%d%m%Y}" and _also_year_first(day):
        assert found is None  # eight digits that read as two dates: no guess
    else:
        assert found == day


def _also_year_first(day: date) -> bool:
    digits = f"{day:%d%m%Y}"
    try:
        other = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return 2015 <= other.year < 2100 and other != day


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.sampled_from(list(PeriodKind)))
def test_a_period_label_reads_back_as_the_period(day: date, kind: PeriodKind) -> None:
    period = {
        PeriodKind.YEAR: Period.of_year(day.year),
        PeriodKind.MONTH: Period.of_month(day.year, day.month),
        PeriodKind.QUARTER: Period.of_quarter(day.year, (day.month + 2) // 3),
        PeriodKind.WEEK: Period.of_week(day, day + timedelta(days=6)),
    }[kind]
    assert Period.from_label(period.label) == period
    assert period.start <= day <= period.end or kind == PeriodKind.WEEK


@given(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False))
def test_a_number_shown_the_vietnamese_way_reads_back(value: Decimal) -> None:
    text = format_value(value, lang="vi", signed=True)
    assert parse_decimal(text.lstrip("+"), NumberStyle.COMMA_DECIMAL) == value
    assert format_value(value, lang="en").replace(",", "") == format(value, "f")


# -- partial lists, series, exit codes --------------------------------------------------------


def test_a_top_and_bottom_list_is_not_ranked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", str(LETTER), "--level", "commune", "--format", "json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert len(rows) == 20 and all(r["rank"] is None and not r["full_ranking"] for r in rows)
    assert "not a full ranking" in captured.err or "không phải bảng xếp hạng" in captured.err
    text = _out(capsys, "rank", str(LETTER), "--level", "commune")
    assert "không phải bảng xếp hạng đầy đủ" in text


def test_history_keeps_series_apart_and_shows_rank_of_n(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    panel = tmp_path / "panel"
    assert main(["ingest", str(WEEKLY), str(LETTER), "-o", str(panel)]) in (0, 1)
    capsys.readouterr()
    assert main(["history", "thai nguyen", "--panel", str(panel), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    series = {r["series"] for r in rows}
    assert series == {"day", "month"}  # the running score and the monthly history, apart
    assert all(r["unit_key"] == "thai-nguyen" for r in rows)
    text = _out(capsys, "history", "thai nguyen", "--panel", str(panel))
    assert "Theo ngày" in text and "Theo tháng" in text and "5/34" in text
    png = tmp_path / "tn.png"
    assert main(["chart", "Thái Nguyên", "--panel", str(panel), "-o", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")


@given(
    st.lists(
        st.tuples(st.none() | st.integers(1, 63), st.sampled_from([34, 63, None])),
        max_size=30,
    )
)
def test_a_rank_line_never_joins_ranks_of_different_n(
    points: list[tuple[int | None, int | None]],
) -> None:
    rows = [
        {"as_of": date(2023, 1, 1) + timedelta(days=i), "rank": r, "rank_of": n}
        for i, (r, n) in enumerate(points)
    ]
    segments = list(rank_segments(rows))
    for of, run in segments:
        assert run and all(r["rank_of"] == of and r["rank"] is not None for r in run)
        days = [r["as_of"] for r in run]
        assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(days))
    drawn = sum(len(run) for _, run in segments)
    assert drawn == sum(1 for r, n in points if r is not None and n is not None)


def test_a_bug_in_idx766_is_exit_3_and_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("injected")

    monkeypatch.setattr(idx766.analysis.checks, "run_checks", broken)
    assert main(["check", str(WEEKLY)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err and "ZeroDivisionError" in err
    assert "corrupt" not in err


def test_a_bug_in_a_worker_is_exit_3_not_a_damaged_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import idx766.api

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("injected in the worker")

    monkeypatch.setattr(idx766.api, "supply_dates", broken)  # workers are forked: they see it
    assert main(["parse", str(WEEKLY)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err and str(WEEKLY) in err


def test_ctrl_c_is_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(idx766.cli.records, "parse_all", interrupted)
    assert main(["parse", str(WEEKLY)]) == 130
    assert capsys.readouterr().err == "idx766: interrupted\n"


def test_an_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "x.xlsx"
    argv = ["rank", str(WEEKLY), "--level", "commune", "--format", "xlsx", "-o", str(target)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_limits_are_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(WEEKLY), "--max-file-size", "10k"]) == 2
    err = capsys.readouterr().err
    assert "too_large" in err and "10240" in err

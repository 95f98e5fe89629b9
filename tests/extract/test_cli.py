"""``sheetfeed extract``: JSON Lines on stdout, one line per failed file on stderr, exit status, start-up."""
from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

from sheetmaker.writer import to_xlsx

SPEC_KEYS = ["source", "program", "targets", "budget", "budget_reported_totals", "quarters", "activities",
             "plans", "contacts", "collaboration", "warnings"]
SOURCE_KEYS = {"path", "sha256", "sheet_index", "encoding", "first_line", "last_line"}
PROGRAM_KEYS = {"code", "area", "seq", "title", "status", "implementation_rate_pct", "completion_target",
                "completion_year", "total_budget_krw", "business_types", "department", "policy_goals",
                "period_start", "period_end", "description", "reported_as_of"}
HEAVY = ("airflow", "dbt", "great_expectations", "pandas", "psycopg", "openpyxl", "sqlalchemy", "numpy")


def sheetfeed(*args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("sheetfeed")
    return subprocess.run([str(script), *args], capture_output=True, text=True, encoding="utf-8", check=False)


def test_every_key_present(seed_sheet):
    run = sheetfeed("extract", str(seed_sheet))
    assert run.returncode == 0 and run.stderr == ""
    sheet = json.loads(run.stdout)
    assert list(sheet)[:len(SPEC_KEYS)] == SPEC_KEYS
    assert SOURCE_KEYS <= set(sheet["source"]) and PROGRAM_KEYS <= set(sheet["program"])
    assert set(sheet["collaboration"]) >= {"departments", "content", "central_government", "city"}


def test_bad_files_go_to_stderr_and_the_rest_is_still_printed(tmp_path, seed_sheet):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.txt"
    noise.write_bytes(b"\xff\xfe\x00garbage")
    workbook = tmp_path / "seed.xlsx"
    workbook.write_bytes(to_xlsx(json.loads(sheetfeed("extract", str(seed_sheet)).stdout)))
    run = sheetfeed("extract", str(empty), str(seed_sheet), str(noise), str(workbook), str(tmp_path / "missing.txt"))
    assert run.returncode == 1
    printed = [json.loads(line) for line in run.stdout.splitlines()]
    assert [sheet["source"]["path"] for sheet in printed] == [str(seed_sheet), str(workbook)]
    errors = run.stderr.splitlines()
    assert len(errors) == 3
    assert errors[0] == f"{empty}: empty file"
    assert errors[1].startswith(f"{noise}:") and errors[2].startswith(f"{tmp_path / 'missing.txt'}: cannot read")
    assert "Traceback" not in run.stderr


def test_several_sheets_are_several_lines(tmp_path, seed_sheet):
    text = seed_sheet.read_text(encoding="utf-8")
    both = tmp_path / "both.txt"
    both.write_text(text + "\n" + text.replace("소통행정-3", "소통행정-4"), encoding="utf-8")
    run = sheetfeed("extract", str(both))
    lines = run.stdout.splitlines()
    assert run.returncode == 0 and [json.loads(line)["source"]["sheet_index"] for line in lines] == [0, 1]


def test_no_heavy_imports(seed_sheet, tmp_path):
    """Text sheets load nothing heavy; a workbook loads openpyxl (which loads numpy), nothing else."""
    workbook = tmp_path / "seed.xlsx"
    workbook.write_bytes(to_xlsx(json.loads(sheetfeed("extract", str(seed_sheet)).stdout)))
    probe = ("import sys\nfrom sheetfeed.cli import main\nmain(['extract', sys.argv[1]])\n"
             f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})), file=sys.stderr)")
    for path, allowed in ((seed_sheet, []), (workbook, ["numpy", "openpyxl"])):  # openpyxl loads numpy itself
        run = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True)
        assert run.stderr.strip() == repr(allowed)


def _best_cpu(command: list[str], runs: int = 5) -> float:
    """Least CPU time (user + system) of a whole process over a few runs: other work on a
    shared machine slows the wall clock, not the CPU a process needs."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return min(times)


def test_start_up_is_quick(seed_sheet):
    """Under 0.3 s above bare Python."""
    bare = _best_cpu([sys.executable, "-c", "pass"])
    extract = _best_cpu([str(Path(sys.executable).with_name("sheetfeed")), "extract", str(seed_sheet)])
    assert extract - bare < 0.3, (extract, bare)


def test_output_is_utf8_whatever_the_locale(seed_sheet):
    script = Path(sys.executable).with_name("sheetfeed")
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "euc-kr", "LANG": "ko_KR.EUC-KR"}
    run = subprocess.run([str(script), "extract", str(seed_sheet)], capture_output=True, env=env, check=False)
    assert run.returncode == 0
    assert json.loads(run.stdout.decode("utf-8"))["program"]["department"] == "마을자치과"


def test_size_limit_option(seed_sheet):
    run = sheetfeed("extract", "--max-bytes", "1000", str(seed_sheet))
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr == f"{seed_sheet}: file is {seed_sheet.stat().st_size} bytes, over the 1000-byte limit\n"


def test_a_closed_pipe_ends_quietly(seed_sheet):
    script = Path(sys.executable).with_name("sheetfeed")
    process = subprocess.Popen([str(script), "extract", *[str(seed_sheet)] * 500],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(100)
    process.stdout.close()
    assert process.wait(timeout=60) == 0 and process.stderr.read() == b""


def test_a_folder_stands_for_its_submission_files(tmp_path, seed_sheet):
    text = seed_sheet.read_text(encoding="utf-8")
    (tmp_path / "b" / "nested").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "nested" / "c.txt").write_text(text.replace("소통행정-3", "소통행정-4"), encoding="utf-8")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")  # an Office lock file: not a submission
    (tmp_path / ".hidden.txt").write_text("not read", encoding="utf-8")
    run = sheetfeed("extract", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert [json.loads(line)["program"]["code"] for line in run.stdout.splitlines()] == ["소통행정-3", "소통행정-4"]

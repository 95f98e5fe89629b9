"""Load one class's inbox in this process and report, as one JSON line, what became of each file, how long
it took and the peak memory (run as a child so its peak is its own: VmHWM, the high-water mark of its address
space, which starts anew at exec; not ``ru_maxrss``, which Linux carries over from the forking parent), under the
RLIMIT_AS the parent set.

``python -m tests.hostile.probe URL INBOX [--sweep FILE]``: ``--sweep`` also extracts FILE cut at every byte
and reports each cut whose result is neither a clean one-line error nor sheets warned as cut short.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def sweep(path: Path, folder: Path) -> dict:
    """Extract ``path`` cut at every byte up to its footer; the cuts that break the contract."""
    from extract.sheets import extract_file

    data = path.read_bytes()
    title_end, footer = data.index(b"\t") + 1, data.index("작성 자".encode())
    cut_file, bad = folder / "sweep-cut.txt", []
    for cut in range(footer):
        cut_file.write_bytes(data[:cut])
        result = extract_file(cut_file)
        if result.error is not None:  # before the title row is whole, or a title cut inside its code
            clean = "\n" not in result.error and result.error.startswith(str(cut_file)) and cut <= title_end + 64
        else:
            clean = bool(result.sheets) and any("cut short" in warning["message"]
                                                for sheet in result.sheets for warning in sheet["warnings"])
        if not clean:
            bad.append({"cut": cut, "error": result.error})
    cut_file.unlink()
    return {"cuts": footer, "bad": bad[:20], "bad_count": len(bad)}


def probe(url: str, inbox: Path, sweep_file: Path | None) -> dict:
    started = time.monotonic()
    from sheetfeed.load import load_inbox

    report = load_inbox(url, inbox, "hostile-corpus")
    files = {}
    for result in report.files:
        files[str(result.path)] = {"status": result.status, "error": result.error}
    out = {
        "files": files,
        "skipped": [{"path": item.path, "reason": item.reason} for item in report.skipped],
        "unreadable": [str(path) for path in report.unreadable],
    }
    out["seconds"] = round(time.monotonic() - started, 3)
    out["peak_rss_mb"] = round(peak_rss_kb() / 1024, 1)
    if sweep_file is not None:  # measured apart: thousands of extractions in one process, not one night's load
        swept = time.monotonic()
        out["sweep"] = sweep(sweep_file, inbox.parent)
        out["sweep"]["seconds"] = round(time.monotonic() - swept, 3)
        out["sweep"]["peak_rss_mb"] = round(peak_rss_kb() / 1024, 1)
    return out


def peak_rss_kb() -> int:
    """This process's resident high-water mark (VmHWM of /proc/self/status), in KiB."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("inbox", type=Path)
    parser.add_argument("--sweep", type=Path)
    args = parser.parse_args(argv)
    # Surrogate-escaped names reach the JSON as \udcXX escapes (ensure_ascii), which json.loads restores.
    print(json.dumps(probe(args.url, args.inbox, args.sweep)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``sheetfeed extract PATH...``: each sheet as one JSON line on stdout, each
file that cannot be parsed as one line on stderr; exit 1 if any file failed.

Output is UTF-8 whatever the terminal's locale (SPEC §2), a file name that is
not valid UTF-8 is escaped rather than crashing the run, and a closed pipe
(``| head``) ends the command quietly. A folder stands for its submission files,
subfolders included, as the nightly load lists them. Imports only the standard
library and ``extract.sheets`` (openpyxl only once a workbook is read; the
loader's inbox listing only once a folder is given)."""
from __future__ import annotations

import json
import os
import sys

from extract.sheets import DEFAULT_MAX_BYTES, extract_file


def files_of(paths: list[str]):
    """Each path, or for a folder the files the nightly load would read from it, in order."""
    for path in paths:
        if os.path.isdir(path):
            from extract.inbox import inbox_files

            yield from (str(file) for file in inbox_files(path))
        else:
            yield path


def main(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    out, err = sys.stdout.buffer, sys.stderr.buffer
    failed = False
    try:
        for path in files_of(paths):
            result = extract_file(path, max_bytes=max_bytes)
            if result.error:
                failed = True
                out.flush()
                err.write((result.error.replace("\n", " ") + "\n").encode("utf-8", "backslashreplace"))
                err.flush()
                continue
            for sheet in result.sheets:
                out.write((json.dumps(sheet, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))
        out.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

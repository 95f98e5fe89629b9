"""Sheets made for tests and benchmarks: render a SPEC §2 record as a clerk's file (`writer`), write random valid inboxes (`generator`). Not part of the parser."""

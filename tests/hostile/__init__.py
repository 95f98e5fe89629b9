"""The hostile corpus of issue 15: a generator (corpus.py), a child-process probe (probe.py), the judge
(runner.py), the tests (test_corpus.py) and ``python -m tests.hostile`` printing each class's figures."""

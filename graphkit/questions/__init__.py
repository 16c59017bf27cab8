"""The questions, answered the same way on every backend (their evidence, grading and
filters, lives in :mod:`graphkit.evidence`).

| module | what |
|---|---|
| ``graph`` | ``Graph``: reach, reachable, path, show, search, stats, view |
| ``store`` | the small protocol each backend implements |
| ``explain``, ``describe`` | answers explained from records, as pure functions |
| ``order``, ``limits`` | the order of paths, the caps and the safety ceiling |
| ``search`` | search ranking |
| ``reported`` | the blocked, undated and uncertain agreements an answer lists |
| ``changes`` | ``diff`` and ``timeline`` |
| ``results`` | the typed answers |
"""

"""The questions, answered the same way on every backend.

| module | what |
|---|---|
| ``graph`` | ``Graph``: reach, reachable, path, show, search, stats, view |
| ``store`` | the small protocol each backend implements |
| ``explain``, ``describe`` | answers explained from records, as pure functions |
| ``evidence`` | evidence and confidence of paths, filters, blocked and undated agreements |
| ``order``, ``limits`` | the order of paths, the caps and the safety ceiling |
| ``search`` | search ranking |
| ``changes`` | ``diff`` and ``timeline`` |
| ``results`` | the typed answers |
"""

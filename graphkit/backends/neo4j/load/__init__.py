"""Loading validated data into Neo4j.

| module | what |
|---|---|
| ``transaction`` | a seed-size load in one transaction; ``load_paths`` (``graphkit load``) |
| ``bulk`` | large inputs in resumable batches |
| ``batches`` | the batches written in order on one background thread |
| ``offline`` | first loads through Neo4j's offline importer |
"""

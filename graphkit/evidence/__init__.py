"""Evidence, in one home: how well an agreement is evidenced on a date and how sure its
sources are (``grade``), and what answers keep and list because of it (``filters``).

| module | what |
|---|---|
| ``grade`` | one agreement on one day: evidenced, presumed...; confidence; blocked |
| ``filters`` | the answer's filters, its paths graded, its blocked and undated lists |

``filters`` reads answers' types (``graphkit.questions``); ``grade`` needs only the model,
so the backends and the loader use it without the questions.
"""

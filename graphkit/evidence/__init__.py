"""Evidence, in one home: how well an agreement is evidenced on a date and how sure its
sources are (``grade``), and what answers keep because of it (``filters``).

| module | what |
|---|---|
| ``grade`` | one agreement on one day: evidenced, presumed...; confidence; blocked |
| ``filters`` | the answer's filters, its paths graded and kept |

Both need only the model (``filters`` names the answers' types for annotations only), so
the questions, the backends and the loader use them; the blocked, undated and uncertain
lists an answer names are :mod:`graphkit.questions.reported`.
"""

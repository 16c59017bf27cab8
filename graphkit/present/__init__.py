"""The presentation layer: how answers read, in every format, written once.

The command line parses options and hands each answer to :func:`~graphkit.present.formats.emit`;
the views (:mod:`graphkit.viz`) and the coming web pages take the same words.

| module | what |
|---|---|
| ``words`` | the words of answers: headings, status and evidence phrases, messages |
| ``header_words`` | the one-line answer and counts at the head of a view |
| ``source_words`` | how a source is named and cited (a stored copy as one) |
| ``citations`` | :class:`~graphkit.present.citations.Citations`, the one numbering of sources |
| ``formats`` | the output formats (text, json, jsonl, csv) and ``emit`` |
| ``registry`` | which renderer and which rows each answer type has |
| ``answers`` | reach, reachable, path, show, search and stats as text |
| ``changes`` | diff and timeline as text, and their rows |
| ``reports`` | what validate, load, cypher, viz and neo4j status print |
| ``table`` | plain text tables |

Example:
    >>> from graphkit import open_graph
    >>> from graphkit.present.formats import render
    >>> print(render(open_graph().reach("irs-taxpayer-addresses", as_of="2025-08-01"))
    ...       .splitlines()[0])
    Who can obtain IRS taxpayer last-known addresses (irs-taxpayer-addresses)
"""

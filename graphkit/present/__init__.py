"""The presentation layer: how answers read, in every format, written once.

The command line only parses options and hands the answer to :func:`emit`; the views
and the coming web pages use the same words.

| module | what |
|---|---|
| ``answers`` | reach, reachable, path, show, search and stats as text for people |
| ``changes`` | diff and timeline as text, and their CSV rows |
| ``formats`` | the output formats and :func:`emit` |
"""

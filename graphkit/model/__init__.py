"""The data model: records (``schema``), partial dates (``dates``), when an agreement
carries data (``semantics``) and a graph's records by kind (``data``). How well an
agreement is evidenced on a date is :mod:`graphkit.evidence`."""

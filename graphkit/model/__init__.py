"""The data model: records (``schema``), partial dates (``dates``), when an agreement
carries data (``semantics``), how well it is evidenced on a date (``evidence``), and a
graph's records by kind (``data``)."""

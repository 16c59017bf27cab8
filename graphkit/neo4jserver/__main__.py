"""``python -m graphkit.neo4jserver start|stop|status``: the ``graphkit neo4j`` commands."""

from graphkit.neo4jserver.cli import neo4j

neo4j(prog_name="python -m graphkit.neo4jserver")

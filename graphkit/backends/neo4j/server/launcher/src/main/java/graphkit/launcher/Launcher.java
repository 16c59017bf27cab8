package graphkit.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

import inet.ipaddr.IPAddressString;

/**
 * Neo4j 5.26 Community, embedded, serving Bolt on 127.0.0.1.
 *
 * <pre>
 * NEO4J_PASSWORD=... java -cp ... graphkit.launcher.Launcher DATA_DIR [PORT]
 * </pre>
 *
 * <p>Auth is on: user {@code neo4j}, password from the environment variable NEO4J_PASSWORD
 * (never from the command line, never logged). The password is set on every start through
 * the system database, so a changed NEO4J_PASSWORD takes effect on the same data dir.
 * DATA_DIR/launcher.ready is written once the password is set and Bolt is up, and removed
 * on shutdown (SIGTERM runs the shutdown hook, which stops the database cleanly).
 * The page cache size comes from -Dgraphkit.pagecache (default 64m).
 *
 * <p>The server reads no file and fetches no URL for a query: {@code LOAD CSV} from a
 * {@code file:} URL is refused (dbms.security.allow_csv_import_from_file_urls=false), the
 * import directory (server.directories.import) is DATA_DIR/import, kept empty, and every
 * address is on the Cypher IP blocklist (internal.dbms.cypher_ip_blocklist), so
 * {@code LOAD CSV FROM 'http://...'} makes no request.
 *
 * <p>For benchmarks only, {@code -Dgraphkit.csv_import=on} lets {@code LOAD CSV} read
 * {@code file:} URLs under DATA_DIR/import (Neo4j's own default); URLs stay blocked.
 */
public final class Launcher {
    private static final String USER = "neo4j";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            fail(2, "usage: Launcher DATA_DIR [PORT]  (password in env NEO4J_PASSWORD)");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = 7687;
        if (args.length == 2) {
            try {
                port = Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                fail(2, "PORT must be a number, got: " + args[1]);
            }
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            fail(2, "NEO4J_PASSWORD is not set: export it before starting the launcher");
        }
        String pagecache = System.getProperty("graphkit.pagecache", "64m");
        boolean csvImport = "on".equals(System.getProperty("graphkit.csv_import", "off"));

        Files.createDirectories(home);
        Path imports = home.resolve("import");
        Files.createDirectories(imports);
        try (Stream<Path> found = Files.list(imports)) {
            if (!csvImport && found.findAny().isPresent()) {
                log("warning: " + imports + " is not empty; no query can read it (file URLs are off)");
            }
        }
        Path ready = home.resolve("launcher.ready");
        Files.deleteIfExists(ready);

        log("starting Neo4j (embedded, Community) home=" + home + " bolt=127.0.0.1:" + port
                + " pagecache=" + pagecache + (csvImport ? " csv_import=on" : ""));
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pagecache))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // no query reads a file (unless benchmarking LOAD CSV) or fetches a URL
                    .setConfig(GraphDatabaseSettings.allow_file_urls, csvImport)
                    .setConfig(GraphDatabaseSettings.load_csv_file_url_root, imports)
                    .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist, List.of(
                            new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                    // netty's default 5 s quiet period per event loop group makes a stop take 10 s
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
        } catch (RuntimeException e) {
            log("failed to start: " + rootMessage(e));
            e.printStackTrace(System.out);
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("stopping (shutdown hook)");
            try {
                Files.deleteIfExists(ready);
            } catch (IOException ignored) {
                // the manager removes it too
            }
            dbms.shutdown();
            log("stopped");
            stopped.countDown();
        }, "graphkit-launcher-shutdown"));

        try {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        } catch (RuntimeException e) {
            // The message is Neo4j's (e.g. a password shorter than 8 characters); it never
            // contains the password, which is passed as a query parameter.
            log("failed to set the password of user " + USER + ": " + rootMessage(e));
            System.exit(1);
            return;
        }

        Files.writeString(ready, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        log("ready: bolt://127.0.0.1:" + port + " (user " + USER + ", auth enabled)");
        stopped.await();
    }

    /**
     * Sets the neo4j user's password, with no change required. Goes through a random
     * password first, so that setting the password it already has is not an error.
     */
    private static void setPassword(GraphDatabaseService system, String password) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String interim = "interim-" + HexFormat.of().formatHex(random);
        String alter = "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED";
        system.executeTransactionally(alter, Map.of("password", interim));
        system.executeTransactionally(alter, Map.of("password", password));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            out.append(" <- ").append(t.getMessage());
        }
        return out.toString();
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " graphkit-launcher " + message);
        System.out.flush();
    }

    private static void fail(int code, String message) {
        log(message);
        System.exit(code);
    }
}

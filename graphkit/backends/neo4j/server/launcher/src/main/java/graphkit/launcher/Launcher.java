package graphkit.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;

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
 *
 * <p>First loads through Neo4j's offline importer, without a JVM start: when the owner
 * of DATA_DIR (a private folder) writes DATA_DIR/import.request (what to import, as data:
 * see {@link ImportRequest}, which authenticates it and builds the importer's arguments),
 * the launcher removes launcher.ready, shuts the databases down, runs the importer in this
 * JVM (its output goes to DATA_DIR/import.log), starts the databases again, writes
 * launcher.ready and then DATA_DIR/import.done (the request id, {@code exit=CODE} and each
 * step's milliseconds). The store the import replaces is set aside first and put back
 * when the importer fails ({@code restored=true}) or the launcher dies during the import
 * (on its next start): see {@link Previous}. A request it cannot authenticate or validate is removed and
 * answered {@code exit=2} with {@code refused=WHY}; the databases stay open. The
 * password is not set again: the import does not touch the system database.
 * launcher.ready lists {@code import-in-place} so that a client knows this launcher
 * takes requests.
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
        home = home.toRealPath();  // requests are checked without following links
        Path imports = home.resolve("import");
        Files.createDirectories(imports);
        try (Stream<Path> found = Files.list(imports)) {
            if (!csvImport && found.findAny().isPresent()) {
                log("warning: " + imports + " is not empty; no query can read it (file URLs are off)");
            }
        }
        Path ready = home.resolve("launcher.ready");
        Files.deleteIfExists(ready);
        Files.deleteIfExists(home.resolve(IMPORT_REQUEST));  // left by a launcher that died
        String back = Previous.recover(home);  // a store set aside by an import that never ended
        if (back != null) {
            log(back);
        }

        log("starting Neo4j (embedded, Community) home=" + home + " bolt=127.0.0.1:" + port
                + " heap=" + (Runtime.getRuntime().maxMemory() >> 20) + "m pagecache=" + pagecache + (csvImport ? " csv_import=on" : ""));
        Settings settings = new Settings(home, port, pagecache, csvImport);
        try {
            dbms = settings.open();
        } catch (RuntimeException e) {
            log("failed to start: " + rootMessage(e));
            e.printStackTrace(System.out);
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("stopping (shutdown hook)");
            stopping = true;  // seen by an import that runs: it does not open the databases
            synchronized (LOCK) {  // after an import that runs, never in the middle of one
                try {
                    Files.deleteIfExists(ready);
                } catch (IOException ignored) {
                    // the manager removes it too
                }
                if (dbms != null) {
                    dbms.shutdown();
                }
            }
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

        writeReady(ready);
        log("ready: bolt://127.0.0.1:" + port + " (user " + USER + ", auth enabled)");
        Path request = home.resolve(IMPORT_REQUEST);
        while (!stopped.await(100, TimeUnit.MILLISECONDS)) {
            if (Files.exists(request)) {
                importInPlace(settings, request, ready);
            }
        }
    }

    private static final Object LOCK = new Object();
    private static final long UID = ImportRequest.currentUid();
    private static final String IMPORT_REQUEST = "import.request";
    private static volatile DatabaseManagementService dbms;
    private static volatile boolean stopping;

    /** How the databases are opened: the same on the first start and after an import. */
    private record Settings(Path home, int port, String pagecache, boolean csvImport) {
        DatabaseManagementService open() {
            return new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pagecache))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // no query reads a file (unless benchmarking LOAD CSV) or fetches a URL
                    .setConfig(GraphDatabaseSettings.allow_file_urls, csvImport)
                    .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"))
                    .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist, List.of(
                            new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                    // netty's default 5 s quiet period per event loop group makes a stop take 10 s
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
        }
    }

    private static void writeReady(Path ready) throws IOException {
        // the second line tells a client that this launcher takes import requests
        Files.writeString(ready, ProcessHandle.current().pid() + "\nimport-in-place\n",
                StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code database import full} with the request's arguments between a shutdown and
     * a start of the databases, then reports the exit code and the steps' times. Never
     * throws: a client waits for import.done. If the databases cannot be opened again the
     * launcher halts (no shutdown hook: there is nothing to shut down), and the client
     * sees it gone.
     */
    private static void importInPlace(Settings settings, Path request, Path ready) {
        synchronized (LOCK) {
            if (stopping) {
                return;
            }
            Path home = settings.home();
            ImportRequest asked;
            try {
                asked = ImportRequest.read(home, request, UID);
            } catch (ImportRequest.Refused | IOException | RuntimeException e) {
                String why = e instanceof ImportRequest.Refused ? e.getMessage()
                        : "unreadable: " + rootMessage(e);
                log("import request refused: " + why);
                String id = ImportRequest.idOf(request);
                quietly(() -> Files.deleteIfExists(request));
                reply(home, id, "exit=2\nrefused=" + why.replace('\n', ' ') + "\n");
                return;  // the databases stay open, untouched
            }
            try {
                Files.deleteIfExists(ready);  // first: a client sees an import under way
                Files.delete(request);
            } catch (IOException e) {
                log("import request could not be removed: " + rootMessage(e));
                reply(home, asked.id, "exit=2\nrefused=the request could not be removed\n");
                quietly(() -> writeReady(ready));
                return;
            }
            String id = asked.id;
            List<String> args = asked.arguments;
            log("import: the databases stop for Neo4j's offline importer");
            long start = System.nanoTime();
            dbms.shutdown();
            dbms = null;
            long stoppedAt = System.nanoTime();
            String kept = Previous.keep(home);
            int code = kept == null ? runImporter(home, args) : 2;
            String outcome = "";
            if (kept != null) {
                log("import: not run, the previous store could not be set aside: " + kept);
                outcome = "\nrefused=the previous store could not be set aside: " + kept.replace('\n', ' ');
            } else if (code == 0) {
                Previous.discard(home);
            } else {
                String lost = Previous.restore(home);
                log("import: " + (lost == null ? "the previous store is back" : "the previous store could not be put back: " + lost));
                outcome = lost == null ? "\nrestored=true" : "\nrestored=false\nwhy=" + lost.replace('\n', ' ');
            }
            long imported = System.nanoTime();
            log("import: the importer exited with " + code + "; starting the databases again");
            String times = "exit=" + code + outcome
                    + "\nstop=" + (stoppedAt - start) / 1_000_000
                    + "\nimport=" + (imported - stoppedAt) / 1_000_000;
            if (stopping) {  // the shutdown hook waits: leave the databases closed
                reply(home, id, times + "\n");
                return;
            }
            try {
                dbms = settings.open();
            } catch (Throwable e) {
                log("failed to start after the import: " + rootMessage(e));
                e.printStackTrace(System.out);
                Runtime.getRuntime().halt(1);  // System.exit would wait for the hook, and it for LOCK
            }
            long started = System.nanoTime();
            quietly(() -> writeReady(ready));
            reply(home, id, times + "\nstart=" + (started - imported) / 1_000_000 + "\n");
            log("ready again after the import");
        }
    }

    /** The importer in this JVM, its output in DATA_DIR/import.log: its exit code. */
    private static int runImporter(Path home, List<String> args) {
        Path logFile = home.resolve("import.log");
        try {  // never through a link left in their place: new files, written by this user
            Files.deleteIfExists(logFile);
            Files.deleteIfExists(home.resolve(ImportRequest.REPORT));
        } catch (IOException e) {
            log("import: cannot replace " + logFile + ": " + rootMessage(e));
            return 1;
        }
        try (OutputStream file = Files.newOutputStream(logFile, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                PrintStream out = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            try {
                ExecutionContext context = new ExecutionContext(home, home.resolve("conf"), out,
                        out, new DefaultFileSystemAbstraction());
                return AdminTool.execute(context, args.toArray(new String[0]));
            } catch (Throwable e) {
                e.printStackTrace(out);
                return 1;
            }
        } catch (Throwable e) {
            log("import: cannot write " + logFile + ": " + rootMessage(e));
            return 1;
        }
    }

    /** DATA_DIR/import.done, written whole (a temporary file moved into place). */
    private static void reply(Path home, String id, String body) {
        quietly(() -> {
            Path partial = home.resolve("import.done.tmp");
            Files.deleteIfExists(partial);
            Files.writeString(partial, id + "\n" + body, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Files.move(partial, home.resolve("import.done"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        });
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            log("warning: " + rootMessage(e));
        }
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

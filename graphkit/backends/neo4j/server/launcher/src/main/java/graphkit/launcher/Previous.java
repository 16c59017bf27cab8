package graphkit.launcher;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The store of the database {@code neo4j} that an offline import replaces, set aside while
 * the importer runs, so that a failed import leaves the database as it was.
 *
 * <p>While the databases are shut down, DATA_DIR/data/databases/neo4j and
 * DATA_DIR/data/transactions/neo4j are moved (renamed: nothing is copied) into
 * DATA_DIR/import-previous/. When the importer succeeds, that folder is renamed to
 * import-previous.discard and removed; when it fails, whatever it left is removed and the
 * previous store moved back. A launcher killed during the import finds import-previous
 * on its next start and puts it back before it opens the databases (an import is known to
 * have succeeded only once import-previous is renamed).
 */
final class Previous {
    static final String KEPT = "import-previous";
    static final String DISCARD = "import-previous.discard";
    private static final List<String> PARTS = List.of("databases", "transactions");
    private static final String DATABASE = "neo4j";

    private Previous() {}

    /** Sets the store aside: null when done, else why not (the store is then where it was). */
    static String keep(Path home) {
        Path kept = home.resolve(KEPT);
        try {
            remove(home.resolve(DISCARD));
            if (Files.exists(kept, LinkOption.NOFOLLOW_LINKS)) {
                return kept + " exists already";
            }
            Files.createDirectory(kept);
            for (String part : PARTS) {
                Path store = store(home, part);
                if (Files.exists(store, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(store, kept.resolve(part), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            String undone = restore(home);
            return e + (undone == null ? "" : "; and putting it back: " + undone);
        }
    }

    /** After a successful import: the previous store is removed. */
    static void discard(Path home) {
        try {
            Files.move(home.resolve(KEPT), home.resolve(DISCARD), StandardCopyOption.ATOMIC_MOVE);
            remove(home.resolve(DISCARD));
        } catch (IOException | RuntimeException e) {
            System.out.println("graphkit-launcher warning: the previous store stays in "
                    + home.resolve(KEPT) + " or " + home.resolve(DISCARD) + ": " + e);
        }
    }

    /**
     * After a failed import: each part set aside replaces what the importer left in its
     * place. Null when done, else why not.
     */
    static String restore(Path home) {
        Path kept = home.resolve(KEPT);
        try {
            for (String part : PARTS) {  // a part never set aside is where it was
                Path saved = kept.resolve(part);
                if (Files.exists(saved, LinkOption.NOFOLLOW_LINKS)) {
                    Path store = store(home, part);
                    remove(store);
                    Files.createDirectories(store.getParent());
                    Files.move(saved, store, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.deleteIfExists(kept);
            return null;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    /** On start: a store set aside by an import that never ended is put back. */
    static String recover(Path home) throws IOException {
        remove(home.resolve(DISCARD));
        if (!Files.isDirectory(home.resolve(KEPT), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String lost = restore(home);
        if (lost != null) {
            throw new IOException("an interrupted import's previous store in " + home.resolve(KEPT)
                    + " could not be put back: " + lost);
        }
        return "an import had not ended: the store it would have replaced is back";
    }

    private static Path store(Path home, String part) {
        return home.resolve("data").resolve(part).resolve(DATABASE);
    }

    /** Removes a file or a folder with all it holds, never following a link. */
    static void remove(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failed) throws IOException {
                if (failed != null) {
                    throw failed;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

package graphkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An offline import request (DATA_DIR/import.request), authenticated and validated.
 *
 * <p>The request is data, never an argument list. Its format:
 *
 * <pre>
 * graphkit-import-request 1
 * id=0123456789abcdef
 * multiline=false
 * nodes=Entity:Agency:Party=import-staging/nodes-Agency-header.csv,import-staging/...
 * relationships=FLOWS=import-staging/rels-FLOWS-header.csv,...
 * </pre>
 *
 * <p>It is accepted only when DATA_DIR and the staging folder belong to the user the
 * launcher runs as and no one else can write them, and the request is a regular file
 * (not a link) of that same user that no one else can write; every file it names is a
 * regular file of that user inside DATA_DIR/import-staging, named as graphkit names
 * them. The importer's arguments are built here: the fixed options, a report file in
 * DATA_DIR, the node and relationship files as absolute paths (no argument starts with
 * {@code @}, so none is read as an argument file), and the database {@code neo4j}.
 */
final class ImportRequest {
    static final String FIRST_LINE = "graphkit-import-request 1";
    static final String STAGING = "import-staging";
    static final String REPORT = "import.report";
    private static final long MAX_BYTES = 1 << 20;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern LABELS = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(:[A-Za-z][A-Za-z0-9_]*)*");
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern FILE = Pattern.compile(STAGING + "/[A-Za-z0-9_-]+\\.csv");
    private static final Set<PosixFilePermission> OTHERS_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    /** Why a request was refused: said in launcher.log and in import.done. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    final String id;
    final List<String> arguments;

    private ImportRequest(String id, List<String> arguments) {
        this.id = id;
        this.arguments = arguments;
    }

    /** The uid this JVM runs as. */
    static long currentUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /**
     * Reads and checks {@code request} in {@code home}; the id of a refused request (when
     * it has a readable one) is on {@link #idOf}.
     */
    static ImportRequest read(Path home, Path request, long uid) throws Refused, IOException {
        trusted(home, uid, true, "the data dir");
        trusted(request, uid, false, "the request");
        String text = readText(request);
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !FIRST_LINE.equals(lines[0])) {
            throw new Refused("the request does not start with '" + FIRST_LINE + "'");
        }
        String id = null;
        String multiline = null;
        List<String> files = new ArrayList<>();
        Path staging = home.resolve(STAGING);
        boolean stagingChecked = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() && i == lines.length - 1) {
                break;  // the final line break
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            String value = eq < 0 ? "" : line.substring(eq + 1);
            switch (key) {
                case "id" -> {
                    if (id != null || !ID.matcher(value).matches()) {
                        throw new Refused("line " + (i + 1) + ": id must appear once, as 16 hex digits");
                    }
                    id = value;
                }
                case "multiline" -> {
                    if (multiline != null || !(value.equals("true") || value.equals("false"))) {
                        throw new Refused("line " + (i + 1) + ": multiline must appear once, true or false");
                    }
                    multiline = value;
                }
                case "nodes", "relationships" -> {
                    int split = value.indexOf('=');
                    String name = split < 0 ? "" : value.substring(0, split);
                    Pattern allowed = key.equals("nodes") ? LABELS : TYPE;
                    if (!allowed.matcher(name).matches()) {
                        throw new Refused("line " + (i + 1) + ": " + key + " names no valid label or type");
                    }
                    String[] parts = value.substring(split + 1).split(",", -1);
                    for (String part : parts) {
                        if (!FILE.matcher(part).matches()) {
                            throw new Refused("line " + (i + 1) + ": '" + printable(part)
                                    + "' is not a file under " + STAGING
                                    + "/ named as graphkit names them");
                        }
                    }
                    if (!stagingChecked) {
                        trusted(staging, uid, true, "the staging folder");
                        stagingChecked = true;
                    }
                    StringBuilder paths = new StringBuilder();
                    for (String part : parts) {
                        Path file = stagedFile(home, staging, part, uid, i + 1);
                        paths.append(paths.length() == 0 ? "" : ",").append(file);
                    }
                    files.add("--" + key + "=" + name + "=" + paths);
                }
                default -> throw new Refused("line " + (i + 1) + ": unknown entry '"
                        + printable(key) + "' (known: id, multiline, nodes, relationships)");
            }
        }
        if (id == null || multiline == null || files.isEmpty()) {
            throw new Refused("the request needs an id, multiline and at least one nodes line");
        }
        List<String> args = new ArrayList<>(List.of("database", "import", "full",
                "--overwrite-destination=true", "--array-delimiter=U+001F",
                "--multiline-fields=" + multiline, "--report-file=" + home.resolve(REPORT),
                "neo4j"));
        args.addAll(files);  // last: each takes every value up to the next option
        return new ImportRequest(id, List.copyOf(args));
    }

    /** The id line of a request, if it has one that looks right (to answer a refusal). */
    static String idOf(Path request) {
        try {
            for (String line : readText(request).split("\n")) {
                if (line.startsWith("id=") && ID.matcher(line.substring(3)).matches()) {
                    return line.substring(3);
                }
            }
        } catch (IOException | Refused | RuntimeException e) {
            // no id: the answer carries none
        }
        return "";
    }

    private static Path stagedFile(Path home, Path staging, String part, long uid, int line)
            throws Refused, IOException {
        Path file = home.resolve(part).normalize();
        if (!file.getParent().equals(staging)) {
            throw new Refused("line " + line + ": " + part + " is outside " + staging);
        }
        trusted(file, uid, false, part);
        return file;
    }

    /**
     * Refuses a path that is a link, is not a folder ({@code folder}) or a regular file,
     * belongs to another user or can be written by others.
     */
    private static void trusted(Path path, long uid, boolean folder, String what)
            throws Refused, IOException {
        PosixFileAttributes attrs;
        Object owner;
        try {
            attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Refused(what + " (" + path.getFileName() + ") does not exist");
        }
        if (folder ? !attrs.isDirectory() : !attrs.isRegularFile()) {
            throw new Refused(what + " (" + path.getFileName() + ") is not a "
                    + (folder ? "folder" : "regular file") + " (a link?)");
        }
        if (((Number) owner).longValue() != uid) {
            throw new Refused(what + " (" + path.getFileName() + ") belongs to uid " + owner
                    + ", not to the server's user (uid " + uid + ")");
        }
        for (PosixFilePermission p : attrs.permissions()) {
            if (OTHERS_WRITE.contains(p)) {
                throw new Refused(what + " (" + path.getFileName() + ") can be written by other users");
            }
        }
    }

    private static String readText(Path request) throws IOException, Refused {
        try (SeekableByteChannel channel = Files.newByteChannel(request,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            if (channel.size() > MAX_BYTES) {
                throw new Refused("the request is larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = Channels.newInputStream(channel)) {
                byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new Refused("the request is not UTF-8");
            }
        }
    }

    /** At most 40 characters, control characters as '?': safe in a log line. */
    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}

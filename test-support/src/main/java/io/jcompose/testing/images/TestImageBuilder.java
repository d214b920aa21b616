package io.jcompose.testing.images;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds an image archive ({@code docker save} or OCI layout) without Docker, so tests can craft
 * ordinary, multi-layer and hostile images. Entries go into the current layer in the order they
 * are added; {@link #layer()} starts the next layer. Paths given to {@code file}, {@code dir},
 * {@code symlink} … lose their leading {@code /} (tar convention); {@link #entry} writes a tar
 * header exactly as given, for names like {@code ../x} or {@code /etc/x}. Output is
 * deterministic: the same calls give the same bytes and the same image id.
 */
public final class TestImageBuilder {

    /** Default mtime of entries and the image's {@code created}: 2024-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private final List<TestLayer> layers = new ArrayList<>(List.of(new TestLayer()));
    private final List<String> tags = new ArrayList<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final List<String> env = new ArrayList<>();
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, Object> exposedPorts = new TreeMap<>();
    private final Map<String, Object> volumes = new TreeMap<>();
    private ArchiveFormat format = ArchiveFormat.DOCKER_SAVE;
    private boolean gzip;
    private Instant mtime = EPOCH;
    private Instant created = EPOCH;
    private int uid;
    private int gid;
    private String architecture = "amd64";
    private String os = "linux";

    TestImageBuilder() {}

    // ---- layer content ------------------------------------------------------------------

    /** Adds a regular file with the given bytes and permission bits (setuid etc. allowed). */
    public TestImageBuilder file(String path, byte[] content, int mode) {
        TarArchiveEntry e = header(strip(path), TarConstants.LF_NORMAL, mode);
        current().add(e, content.clone());
        return this;
    }

    /** Adds a regular file with UTF-8 text, mode 0644. */
    public TestImageBuilder file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** Adds a regular file copied from the host. */
    public TestImageBuilder file(String path, Path hostFile, int mode) {
        try {
            return file(path, Files.readAllBytes(hostFile), mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hostFile, e);
        }
    }

    /** Adds a directory, mode 0755. */
    public TestImageBuilder dir(String path) {
        return dir(path, 0755);
    }

    /** Adds a directory with the given mode. */
    public TestImageBuilder dir(String path, int mode) {
        String name = strip(path);
        current().add(header(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode), new byte[0]);
        return this;
    }

    /** Adds a symbolic link; the target is written verbatim (absolute or relative). */
    public TestImageBuilder symlink(String path, String target) {
        TarArchiveEntry e = header(strip(path), TarConstants.LF_SYMLINK, 0777);
        e.setLinkName(target);
        current().add(e, new byte[0]);
        return this;
    }

    /** Adds a hard link to an earlier entry; the target loses its leading {@code /} like a path. */
    public TestImageBuilder hardlink(String path, String target) {
        TarArchiveEntry e = header(strip(path), TarConstants.LF_LINK, 0644);
        e.setLinkName(strip(target));
        current().add(e, new byte[0]);
        return this;
    }

    /** Adds an AUFS-style whiteout ({@code dir/.wh.name}) that deletes {@code path} of lower layers. */
    public TestImageBuilder whiteout(String path) {
        String name = strip(path);
        int slash = name.lastIndexOf('/');
        String marker = name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1);
        current().add(header(marker, TarConstants.LF_NORMAL, 0644), new byte[0]);
        return this;
    }

    /** Marks a directory opaque ({@code dir/.wh..wh..opq}): lower layers' content of it is hidden. */
    public TestImageBuilder opaque(String dir) {
        String name = strip(dir);
        String prefix = name.isEmpty() || name.endsWith("/") ? name : name + "/";
        current().add(header(prefix + ".wh..wh..opq", TarConstants.LF_NORMAL, 0644), new byte[0]);
        return this;
    }

    /** Adds a character device node. */
    public TestImageBuilder charDevice(String path, int major, int minor) {
        return device(path, TarConstants.LF_CHR, major, minor);
    }

    /** Adds a block device node. */
    public TestImageBuilder blockDevice(String path, int major, int minor) {
        return device(path, TarConstants.LF_BLK, major, minor);
    }

    /** Adds a named pipe. */
    public TestImageBuilder fifo(String path) {
        current().add(header(strip(path), TarConstants.LF_FIFO, 0644), new byte[0]);
        return this;
    }

    /** Adds a tar entry exactly as given (name not normalised); size is set from {@code data}. */
    public TestImageBuilder entry(TarArchiveEntry header, byte[] data) {
        current().add(header, data.clone());
        return this;
    }

    /** Adds an extended attribute (PAX {@code SCHILY.xattr.NAME}) to the entry added last. */
    public TestImageBuilder xattr(String name, String value) {
        current().last().addPaxHeader("SCHILY.xattr." + name, value);
        return this;
    }

    /** Owner of the entries added after this call (default 0:0). */
    public TestImageBuilder owner(int newUid, int newGid) {
        uid = newUid;
        gid = newGid;
        return this;
    }

    /** Modification time of the entries added after this call. */
    public TestImageBuilder mtime(Instant time) {
        mtime = time;
        return this;
    }

    /** Makes the current layer exactly these bytes (uncompressed), e.g. a truncated tar. */
    public TestImageBuilder rawLayer(byte[] tarBytes) {
        current().raw(tarBytes);
        return this;
    }

    /** Starts the next layer; a trailing empty layer is dropped when the archive is written. */
    public TestImageBuilder layer() {
        layers.add(new TestLayer());
        return this;
    }

    // ---- image config -------------------------------------------------------------------

    /** Adds a repo tag such as {@code jcompose-test/app:1}, {@code :latest} if none (none at all: untagged). */
    public TestImageBuilder tag(String repoTag) {
        boolean hasTag = repoTag.indexOf(':', repoTag.lastIndexOf('/') + 1) >= 0;
        tags.add(hasTag ? repoTag : repoTag + ":latest");
        return this;
    }

    /** Sets the config's {@code Entrypoint}. */
    public TestImageBuilder entrypoint(String... argv) {
        config.put("Entrypoint", List.of(argv));
        return this;
    }

    /** Sets the config's {@code Cmd}. */
    public TestImageBuilder cmd(String... argv) {
        config.put("Cmd", List.of(argv));
        return this;
    }

    /** Adds {@code KEY=VALUE} to the image's environment. */
    public TestImageBuilder env(String key, String value) {
        env.add(key + "=" + value);
        return this;
    }

    /** Sets the config's {@code User} ({@code name}, {@code uid}, {@code uid:gid}). */
    public TestImageBuilder user(String user) {
        config.put("User", user);
        return this;
    }

    /** Sets the config's {@code WorkingDir}. */
    public TestImageBuilder workdir(String dir) {
        config.put("WorkingDir", dir);
        return this;
    }

    /** Adds a label to the config's {@code Labels}. */
    public TestImageBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** Declares an exposed port such as {@code 80/tcp}. */
    public TestImageBuilder expose(String port) {
        exposedPorts.put(port, Map.of());
        return this;
    }

    /** Declares a volume ({@code Volumes}). */
    public TestImageBuilder volume(String path) {
        volumes.put(path, Map.of());
        return this;
    }

    /** Sets the config's {@code StopSignal}, e.g. {@code SIGQUIT}. */
    public TestImageBuilder stopSignal(String signal) {
        config.put("StopSignal", signal);
        return this;
    }

    /** Sets the healthcheck test, e.g. {@code "CMD-SHELL", "true"}; durations in nanoseconds. */
    public TestImageBuilder healthcheck(List<String> test, long intervalNanos, long timeoutNanos, int retries) {
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("Test", List.copyOf(test));
        hc.put("Interval", intervalNanos);
        hc.put("Timeout", timeoutNanos);
        hc.put("Retries", retries);
        config.put("Healthcheck", hc);
        return this;
    }

    /** Sets any other key of the config's {@code config} object (escape hatch). */
    public TestImageBuilder config(String key, Object value) {
        config.put(key, value);
        return this;
    }

    /** Sets the image's {@code created} time (default {@link #EPOCH}). */
    public TestImageBuilder created(Instant time) {
        created = time;
        return this;
    }

    /** Sets {@code os} and {@code architecture} (default linux/amd64). */
    public TestImageBuilder platform(String newOs, String newArchitecture) {
        os = newOs;
        architecture = newArchitecture;
        return this;
    }

    // ---- output -------------------------------------------------------------------------

    /** Chooses the archive shape (default {@link ArchiveFormat#DOCKER_SAVE}). */
    public TestImageBuilder format(ArchiveFormat newFormat) {
        format = newFormat;
        return this;
    }

    /** Gzips the layer blobs (the diff ids stay those of the uncompressed tars). */
    public TestImageBuilder gzip(boolean on) {
        gzip = on;
        return this;
    }

    /** The image id ({@code sha256:…} of the config blob) the archive will carry. */
    public String imageId() {
        return plan().imageId();
    }

    /** The diff ids ({@code sha256:…}) of the layers, lowest first. */
    public List<String> diffIds() {
        return plan().diffIds();
    }

    /** Writes the archive as a tar file and returns {@code file}. */
    public Path write(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Writes the archive as a tar stream. */
    public void writeTo(OutputStream out) throws IOException {
        plan().writeTar(out);
    }

    /** Writes the archive unpacked into {@code dir} (an OCI layout directory, for instance). */
    public Path writeDirectory(Path dir) {
        try {
            plan().writeDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
        return dir;
    }

    private ArchivePlan plan() {
        List<byte[]> tars = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            boolean trailingEmpty = i == layers.size() - 1 && i > 0 && layers.get(i).isEmpty();
            if (!trailingEmpty) {
                tars.add(layers.get(i).tar());
            }
        }
        Map<String, Object> cfg = new LinkedHashMap<>(config);
        if (!env.isEmpty()) {
            cfg.put("Env", List.copyOf(env));
        }
        if (!labels.isEmpty()) {
            cfg.put("Labels", labels);
        }
        if (!exposedPorts.isEmpty()) {
            cfg.put("ExposedPorts", exposedPorts);
        }
        if (!volumes.isEmpty()) {
            cfg.put("Volumes", volumes);
        }
        return ArchivePlan.of(tars, gzip, cfg, created, os, architecture, tags, format);
    }

    private TestLayer current() {
        return layers.get(layers.size() - 1);
    }

    private TarArchiveEntry header(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setModTime(mtime.toEpochMilli());
        return e;
    }

    private TestImageBuilder device(String path, byte type, int major, int minor) {
        TarArchiveEntry e = header(strip(path), type, 0666);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        current().add(e, new byte[0]);
        return this;
    }

    private static String strip(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }
}

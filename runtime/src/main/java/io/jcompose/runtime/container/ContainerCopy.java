package io.jcompose.runtime.container;

import io.jcompose.runtime.state.ContainerDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * docker cp: tar streams of paths inside a container's merged file system. A running
 * container is frozen meanwhile and reached through /proc/&lt;pid&gt;/root; a stopped one gets
 * its overlay mounted on the host for the duration. Paths resolve inside the container
 * ({@link InRootPath}), so symlinks in the container cannot point the copy at the host.
 */
public final class ContainerCopy {
    private final ContainerRuntime runtime;
    private final String id;

    ContainerCopy(ContainerRuntime runtime, String id) {
        this.runtime = runtime;
        this.id = id;
    }

    /** Writes {@code containerPath} (file or directory, named by its last component) as a tar stream. */
    public void copyOut(String containerPath, OutputStream tar) {
        withRoot((root, kernelMounts) -> {
            Path src = InRootPath.resolve(root, containerPath, false);
            if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
                throw new ContainerException(ContainerException.Kind.NOT_FOUND,
                        "could not find the file " + containerPath + " in container " + id.substring(0, 12));
            }
            String base = src.getFileName().toString(); // "." for the root itself
            TarArchiveOutputStream out = new TarArchiveOutputStream(tar);
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Files.walkFileTree(src, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    put(out, dir, base + suffix(src, dir) + "/");
                    boolean kernel = kernelMounts.contains("/" + root.normalize().relativize(dir.normalize()));
                    return kernel ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    put(out, file, base + suffix(src, file));
                    return FileVisitResult.CONTINUE;
                }
            });
            out.finish();
            return null;
        });
    }

    private static String suffix(Path top, Path p) {
        String rel = top.relativize(p).toString();
        return rel.isEmpty() ? "" : "/" + rel;
    }

    private static void put(TarArchiveOutputStream out, Path p, String name) throws IOException {
        TarArchiveEntry e;
        if (Files.isSymbolicLink(p)) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            e = new TarArchiveEntry(p, name, LinkOption.NOFOLLOW_LINKS);
            // only the modification time, as Docker's archives: a creation time becomes a LIBARCHIVE.creationtime
            // record that GNU tar warns about for every file
            e.setCreationTime(null);
            e.setLastAccessTime(null);
            e.setStatusChangeTime(null);
        } else {
            return; // devices, fifos and sockets are not copied
        }
        e.setMode((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
        e.setIds((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        out.putArchiveEntry(e);
        if (!e.isSymbolicLink() && !e.isDirectory()) {
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(out);
            }
        }
        out.closeArchiveEntry();
    }

    /** Extracts a tar stream into the existing directory {@code containerDir}. */
    public void copyIn(String containerDir, InputStream tar) {
        withRoot((root, kernelMounts) -> {
            Path dest = InRootPath.resolve(root, containerDir, true);
            if (!InRootPath.isDirectory(dest)) {
                throw new ContainerException(ContainerException.Kind.NOT_FOUND,
                        "destination " + containerDir + " is not a directory in container " + id.substring(0, 12));
            }
            String destInContainer = "/" + root.relativize(dest);
            TarArchiveInputStream in = new TarArchiveInputStream(tar);
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                List<String> parts = InRootPath.split(e.getName());
                if (parts.isEmpty()) {
                    continue;
                }
                if (parts.contains("..")) {
                    throw new ContainerException(ContainerException.Kind.INVALID, "archive entry \"" + e.getName() + "\" leaves the destination");
                }
                String name = parts.get(parts.size() - 1);
                String parentPath = destInContainer + "/" + String.join("/", parts.subList(0, parts.size() - 1));
                Path parent = InRootPath.resolve(root, parentPath, true);
                Files.createDirectories(parent);
                extract(root, in, e, parent.resolve(name));
            }
            return null;
        });
    }

    private static void extract(Path root, TarArchiveInputStream in, TarArchiveEntry e, Path target) throws IOException {
        if (e.isDirectory()) {
            if (!InRootPath.isDirectory(target)) {
                Files.deleteIfExists(target);
                Files.createDirectory(target);
            }
        } else if (e.isSymbolicLink()) {
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            return;
        } else if (e.isLink()) {
            Files.deleteIfExists(target);
            Files.createLink(target, InRootPath.resolve(root, e.getLinkName(), false));
            return;
        } else if (e.isFile() && !e.isCharacterDevice() && !e.isBlockDevice() && !e.isFIFO()) {
            if (Files.isSymbolicLink(target)) {
                Files.delete(target);
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(out);
            }
        } else {
            return; // devices and fifos are not created
        }
        Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(target, permissions(e.getMode()));
        Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedTime().toInstant()));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    private interface RootAction<T> {
        /** {@code kernelMounts}: container paths of the kernel file systems mounted below root. */
        T run(Path root, Set<String> kernelMounts) throws IOException;
    }

    private <T> T withRoot(RootAction<T> action) {
        synchronized (runtime.lockOf(id)) {
            ContainerState s = runtime.inspect(id);
            ContainerSpec spec = runtime.spec(id);
            ContainerDir d = runtime.dir(id);
            try {
                if (s.isRunning()) {
                    boolean freeze = s.status() == ContainerStatus.RUNNING;
                    if (freeze) {
                        runtime.cgroups().freeze("jcompose/" + id, true);
                    }
                    try {
                        Path proc = Path.of("/proc", Integer.toString(s.pid()));
                        return action.run(proc.resolve("root"), KernelMounts.of(proc.resolve("mountinfo")));
                    } finally {
                        if (freeze) {
                            runtime.cgroups().freeze("jcompose/" + id, false);
                        }
                    }
                }
                List<Path> lowers = new ArrayList<>(spec.lowerDirs());
                java.util.Collections.reverse(lowers);
                Path rw = spec.rwDir().orElse(d.dir());
                runtime.kernel().mountOverlay(lowers, rw.resolve("upper"), rw.resolve("work"), d.rootfs());
                try {
                    return action.run(d.rootfs(), Set.of());
                } finally {
                    runtime.kernel().unmount(d.rootfs());
                }
            } catch (NoSuchFileException e) {
                throw new ContainerException(ContainerException.Kind.NOT_FOUND, "no such file in container "
                        + id.substring(0, 12) + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ContainerException(ContainerException.Kind.FAILED, "copy in container " + id.substring(0, 12)
                        + ": " + e.getMessage(), e);
            }
        }
    }

}

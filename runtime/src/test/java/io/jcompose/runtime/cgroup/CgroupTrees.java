package io.jcompose.runtime.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds cgroup file trees in a temporary directory, with the files the kernel would show. */
final class CgroupTrees {
    private CgroupTrees() {}

    /** A v1 root like this machine's: one directory per controller, cpuset with cpus and mems. */
    static Path v1(Path root) {
        for (String c : CgroupV1Driver.CONTROLLERS) {
            mkdirs(root.resolve(c));
        }
        mkdirs(root.resolve("systemd"));
        mkdirs(root.resolve("unified"));
        write(root.resolve("unified/cgroup.controllers"), "hugetlb\n");
        write(root.resolve("cpuset/cpuset.cpus"), "0-1\n");
        write(root.resolve("cpuset/cpuset.mems"), "0\n");
        write(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        return root;
    }

    /** A v2 root offering the usual controllers. */
    static Path v2(Path root) {
        mkdirs(root);
        write(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        write(root.resolve("cgroup.subtree_control"), "");
        return root;
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(Path file) {
        return Files.exists(file);
    }

    static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

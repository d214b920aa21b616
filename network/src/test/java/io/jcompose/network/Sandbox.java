package io.jcompose.network;

import io.jcompose.network.internal.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs commands inside test "containers" (network namespaces, optionally with the container's
 * resolv.conf and hosts bind-mounted in a private mount namespace) and tracks the background
 * processes so that a test can stop them all.
 */
final class Sandbox implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();

    /** Runs {@code argv} in the netns. */
    Command.Result exec(Path netns, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + netns));
        cmd.addAll(List.of(argv));
        return Command.run(cmd, "");
    }

    /** Runs {@code argv} in the netns with {@code files}/resolv.conf and hosts over /etc's. */
    Command.Result inContainer(Path netns, Path files, String stdin, String... argv) {
        return Command.run(containerCommand(netns, files, argv), stdin);
    }

    private static List<String> containerCommand(Path netns, Path files, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + netns, "unshare", "--mount",
                "--propagation", "private", "sh", "-c",
                "mount --bind \"$0/resolv.conf\" /etc/resolv.conf && mount --bind \"$0/hosts\" /etc/hosts"
                        + " && exec \"$@\"", files.toString()));
        cmd.addAll(List.of(argv));
        return cmd;
    }

    /** Starts {@code argv} in the netns in the background, output (both streams) to {@code log}. */
    Process spawn(Path netns, Path log, String... argv) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + netns));
        cmd.addAll(List.of(argv));
        return spawn(cmd, log);
    }

    Process spawn(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    /** Waits up to {@code seconds} for {@code condition}; bounded polling, no timing assertions. */
    static boolean await(BooleanSupplier condition, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The host's link names and iptables rules (filter, nat, raw), one a line. */
    static List<String> hostSnapshot() {
        List<String> lines = new ArrayList<>();
        for (String l : Command.run(List.of("ip", "-o", "link", "show"), "").stdout().split("\n")) {
            String[] f = l.split(":\\s+", 3);
            if (f.length >= 2) {
                lines.add("link " + f[1].replaceAll("@.*", ""));
            }
        }
        for (String t : List.of("filter", "nat", "raw")) {
            for (String r : Command.run(List.of("iptables", "-w", "-t", t, "-S"), "").stdout().split("\n")) {
                lines.add(t + " " + r);
            }
        }
        return lines;
    }

    /** The lines of a snapshot that belong to the test instance {@code tag} ("jt"). */
    static List<String> ours(List<String> snapshot, String tag) {
        String chains = "JCOMPOSE_" + tag.toUpperCase(java.util.Locale.ROOT);
        return snapshot.stream().filter(l -> l.startsWith("link " + tag) || l.contains(chains)
                || l.contains(" " + tag + "-")).toList();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}

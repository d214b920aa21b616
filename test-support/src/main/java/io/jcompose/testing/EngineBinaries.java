package io.jcompose.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What a test needs to run a real engine process from the build tree, and to check what it left behind. */
public final class EngineBinaries {
    private EngineBinaries() {}

    /**
     * The JVM flags that point an engine at the launcher and jcompose-netns: the test JVM's own settings where
     * given, else the runtime's and the network's build output beside the module under test (their jars may come
     * from the local repository, which holds no binaries).
     */
    public static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String prop : List.of("jcompose.launcher", "jcompose.init")) {
            String v = System.getProperty(prop, "");
            if (!v.isEmpty()) {
                flags.add("-D" + prop + "=" + v);
            }
        }
        Path modules = Path.of("").toAbsolutePath().getParent();
        Path launcher = modules.resolve("runtime/target/launcher");
        if (flags.isEmpty() && Files.isExecutable(launcher.resolve("jcompose-launcher"))) {
            flags.add("-Djcompose.launcher=" + launcher.resolve("jcompose-launcher"));
            flags.add("-Djcompose.init=" + launcher.resolve("jcompose-init"));
        }
        String netns = System.getProperty("jcompose.netns-helper", "");
        Path netnsBuilt = modules.resolve("network/target/netns/jcompose-netns");
        if (!netns.isEmpty()) {
            flags.add("-Djcompose.netns-helper=" + netns);
        } else if (Files.isExecutable(netnsBuilt)) {
            flags.add("-Djcompose.netns-helper=" + netnsBuilt);
        }
        return flags;
    }

    /** The mount points at or below {@code dir}, deepest first (the order to unmount them in). */
    public static List<String> mountsUnder(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && (f[4].equals(dir.toString()) || f[4].startsWith(dir + "/"))) {
                out.add(f[4]);
            }
        }
        out.sort(Comparator.comparingInt(String::length).reversed());
        return out;
    }
}

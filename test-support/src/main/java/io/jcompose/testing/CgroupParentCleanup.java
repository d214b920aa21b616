package io.jcompose.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Leaves the host's cgroup trees as a test run found them: the runtime puts containers under a {@code jcompose}
 * group in each hierarchy and, like Docker with its {@code docker} group, never removes that parent. At the end of
 * the run each such parent that the run created is removed again when it is empty (rmdir fails on a group that
 * still has children, which are then some other engine's). Registered for every module's tests through
 * META-INF/services.
 */
public final class CgroupParentCleanup implements LauncherSessionListener {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private List<Path> before = List.of();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        before = parents();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        for (Path p : parents()) {
            if (!before.contains(p)) {
                try {
                    Files.delete(p);
                } catch (IOException stillUsed) {
                    // children left: another engine's containers
                }
            }
        }
    }

    /** The {@code jcompose} groups there are now: one per v1 hierarchy, or the v2 one. */
    private static List<Path> parents() {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(ROOT.resolve("jcompose"))) {
            found.add(ROOT.resolve("jcompose"));
        }
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(ROOT)) {
            for (Path h : hierarchies) {
                Path p = h.resolve("jcompose");
                if (Files.isDirectory(p)) {
                    found.add(p);
                }
            }
        } catch (IOException | SecurityException noCgroups) {
            // no cgroup file system here: nothing to leave behind
        }
        return found;
    }
}

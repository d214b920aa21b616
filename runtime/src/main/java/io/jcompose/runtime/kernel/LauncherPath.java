package io.jcompose.runtime.kernel;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where the launcher binary is: the system property {@code jcompose.launcher}, or else
 * {@code launcher/jcompose-launcher} next to the runtime jar (or next to {@code target/classes}
 * in a build tree). Never searched for on PATH.
 */
public final class LauncherPath {
    private LauncherPath() {}

    /** The launcher binary's path. */
    public static Path configured() {
        return configured("jcompose.launcher", "jcompose-launcher");
    }

    /** The static test probe's path ({@code jcompose.probe}), built beside the launcher. */
    public static Path probe() {
        return configured("jcompose.probe", "jcompose-probe");
    }

    /** The tiny init for {@code init: true} ({@code jcompose.init}), built beside the launcher. */
    public static Path init() {
        return configured("jcompose.init", "jcompose-init");
    }

    private static Path configured(String property, String file) {
        String set = System.getProperty(property, "");
        if (!set.isBlank()) {
            return Path.of(set).toAbsolutePath();
        }
        try {
            Path code = Path.of(LauncherPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("launcher").resolve(file);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the runtime jar; set -D" + property + "=PATH", e);
        }
    }
}

package io.jcompose.runtime.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jnr.ffi.LibraryLoader;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The host kernel through {@code jcompose-launcher} (processes) and jnr (kill, mount).
 * The launcher is found at one configured path, see {@link LauncherPath}.
 */
public final class LinuxKernel implements Kernel {
    private static final long MNT_DETACH = 2;
    private static final int EINVAL = 22;
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;

    /** The two libc calls jnr-posix lacks. */
    public interface LibC {
        int mount(String source, String target, String fstype, long flags, String data);

        int umount2(String target, int flags);

        int kill(int pid, int signal);
    }

    private final Path launcher;
    private final POSIX posix = POSIXFactory.getNativePOSIX();
    private final LibC libc = LibraryLoader.create(LibC.class).failImmediately().load("c");

    /** A kernel that runs the launcher at {@code launcher}. */
    public LinuxKernel(Path launcher) {
        this.launcher = launcher;
    }

    /** A kernel that runs the launcher configured by {@link LauncherPath#configured()}. */
    public static LinuxKernel configured() {
        return new LinuxKernel(LauncherPath.configured());
    }

    @Override
    public Launched launch(LaunchSpec spec) {
        if (!Files.isExecutable(launcher)) {
            throw new LaunchException("launcher", 0, "", launcher.toString(),
                    "the launcher is missing or not executable (set -Djcompose.launcher=PATH)");
        }
        Process p;
        try {
            p = new ProcessBuilder(launcher.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LaunchException("launcher", 0, "", launcher.toString(), "cannot run: " + e.getMessage());
        }
        String output;
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(spec.encode());
            } catch (IOException ignored) {
                // the launcher exits early on a spec error; its record on stdout says why
            }
            try (InputStream out = p.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("launcher", 0, "", "", "interrupted");
        }
        return parseAnswer(output, p.isAlive() ? -1 : p.exitValue());
    }

    /** Reads the launcher's answer: the last JSON line of its output. */
    static Launched parseAnswer(String output, int exitCode) {
        List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
        if (lines.isEmpty()) {
            throw new LaunchException("launcher", 0, "", "",
                    "exited (" + exitCode + ") without a record: " + output.strip());
        }
        try {
            JsonNode n = Json.state().readTree(lines.get(lines.size() - 1));
            if (n.path("error").asBoolean(false)) {
                throw new LaunchException(n.path("step").asText(), n.path("errno").asInt(),
                        n.path("errno_name").asText(), n.path("path").asText(), n.path("message").asText());
            }
            return new Launched(n.path("pid").asInt(), n.path("shim_pid").asInt());
        } catch (IOException e) {
            throw new LaunchException("launcher", 0, "", "", "unreadable answer: " + output.strip());
        }
    }

    @Override
    public void signal(int pid, Signal signal) {
        if (pid <= 0) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        // through libc directly: a process that is gone already (ESRCH) is no error here
        if (libc.kill(pid, signal.number()) != 0) {
            int errno = jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getSystemRuntime());
            if (errno != ESRCH) {
                throw new LaunchException("signal", errno, "", Integer.toString(pid),
                        "cannot send SIG" + signal.name() + ": " + posix.strerror(errno));
            }
        }
    }

    @Override
    public boolean isAlive(int pid, long startTicks) {
        if (pid <= 0) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); a zombie has exited already
            if (f[0].equals("Z") || f[0].equals("X")) {
                return false;
            }
            return startTicks == 0 || Long.parseLong(f[19]) == startTicks;
        } catch (IOException e) {
            // gone (ENOENT) or being reaped right now (reading its stat fails with ESRCH)
            return false;
        }
    }

    @Override
    public void mountOverlay(List<Path> lowerDirsTopFirst, Path upper, Path work, Path target) {
        String data = "lowerdir=" + lowerDirsTopFirst.stream().map(Path::toString).collect(Collectors.joining(":"))
                + ",upperdir=" + upper + ",workdir=" + work;
        if (libc.mount("overlay", target.toString(), "overlay", 0, data) != 0) {
            int errno = posix.errno();
            throw new LaunchException("rootfs", errno, "", target.toString(),
                    "cannot mount the overlay: " + posix.strerror(errno));
        }
    }

    @Override
    public void unmount(Path target) {
        if (libc.umount2(target.toString(), (int) MNT_DETACH) != 0) {
            int errno = posix.errno();
            if (errno != EINVAL && errno != ENOENT) {
                throw new LaunchException("unmount", errno, "", target.toString(), posix.strerror(errno));
            }
        }
    }
}

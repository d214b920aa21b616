package io.jcompose.runtime.kernel;

import java.nio.file.Path;

/**
 * The runtime's one port to the host kernel: start a process through the launcher, signal
 * processes, tell whether one still lives, and the two mount calls the host side needs (a
 * stopped container's rootfs for copy in/out and runc bundles). {@link LinuxKernel} is the
 * real thing; tests use {@code FakeKernel}.
 */
public interface Kernel {

    /**
     * Runs the launcher with this spec and returns once the process runs (or failed).
     *
     * @throws LaunchException with the launcher's error record when it could not start
     */
    Launched launch(LaunchSpec spec);

    /** Sends a signal to a host pid; a pid that is gone is ignored. */
    void signal(int pid, Signal signal);

    /**
     * Whether {@code pid} lives and is the same process that was started: its start time in
     * clock ticks (field 22 of /proc/pid/stat) equals {@code startTicks} (0 = do not check).
     */
    boolean isAlive(int pid, long startTicks);

    /** Mounts an overlay of {@code lowerDirs} (top first) with upper and work at target. */
    void mountOverlay(java.util.List<Path> lowerDirsTopFirst, Path upper, Path work, Path target);

    /** Detaches the mount at target (MNT_DETACH); not mounted is fine. */
    void unmount(Path target);
}

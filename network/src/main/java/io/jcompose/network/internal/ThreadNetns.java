package io.jcompose.network.internal;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs a piece of code in another network namespace on the calling thread only: unshare(2) and setns(2) with
 * CLONE_NEWNET change the namespace of the thread that calls them, not of the process, so the other threads of the
 * JVM never see it. The thread always returns to the namespace it came from; if it cannot, that is an
 * {@link Error}, so the thread dies instead of going on in the wrong namespace.
 */
final class ThreadNetns {

    /** The calling thread's own namespace; /proc/self would name the main thread's. */
    static final String SELF = "/proc/thread-self/ns/net";

    private final Syscalls sys;

    ThreadNetns(Syscalls sys) {
        this.sys = sys;
    }

    /**
     * Makes a new network namespace, bind-mounts it on {@code file} (an existing empty file, as {@code ip netns
     * add} does) and runs {@code inside} in it.
     */
    <T> T create(Path file, Supplier<T> inside) {
        int home = sys.openReadOnly(SELF);
        try {
            sys.unshareNet();
            try {
                sys.bindMount(SELF, file);
                return inside.get();
            } finally {
                back(home);
            }
        } finally {
            sys.close(home);
        }
    }

    /** Runs {@code inside} in the network namespace bound on {@code file}. */
    <T> T enter(Path file, Supplier<T> inside) {
        int home = sys.openReadOnly(SELF);
        try {
            int target = sys.openReadOnly(file.toString());
            try {
                if (!sys.setns(target)) {
                    throw sys.failure("entering the network namespace " + file);
                }
            } finally {
                sys.close(target);
            }
            try {
                return inside.get();
            } finally {
                back(home);
            }
        } finally {
            sys.close(home);
        }
    }

    private void back(int home) {
        if (!sys.setns(home)) {
            throw new Error("thread " + Thread.currentThread().getName() + " cannot return to its network "
                    + "namespace: " + sys.strerror(sys.errno()));
        }
    }
}

package io.jcompose.engine.local;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-container wake-ups for threads that poll a container's state (log followers, auto-remove waiting for
 * them): the supervisor signals a start or an exit, so they react at once instead of when their poll interval
 * ends. A waiter reads {@link #version} before it looks at the state and passes it to {@link #await}, which
 * returns at once when a signal came in between, so none is lost.
 */
final class Wakeups {
    private static final ConcurrentHashMap<String, long[]> VERSIONS = new ConcurrentHashMap<>();

    private Wakeups() {}

    private static long[] of(String id) {
        return VERSIONS.computeIfAbsent(id, k -> new long[1]);
    }

    /** The number of signals so far for {@code id}. */
    static long version(String id) {
        long[] v = of(id);
        synchronized (v) {
            return v[0];
        }
    }

    /** Wakes every thread waiting for {@code id}. */
    static void signal(String id) {
        long[] v = of(id);
        synchronized (v) {
            v[0]++;
            v.notifyAll();
        }
    }

    /** Waits at most {@code millis} for a signal after {@code seen}. */
    static void await(String id, long seen, long millis) throws InterruptedException {
        long[] v = of(id);
        synchronized (v) {
            if (v[0] == seen) {
                v.wait(millis);
            }
        }
    }

    /** Forgets a removed container. */
    static void forget(String id) {
        VERSIONS.remove(id);
    }
}

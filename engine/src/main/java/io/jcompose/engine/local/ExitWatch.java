package io.jcompose.engine.local;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the supervisor's monitor as soon as a file appears in a running container's state directory (the
 * shim renames its exit record into place; inotify through {@link WatchService}), so an exit is handled at
 * once rather than at the monitor's next poll, which stays as the fallback.
 */
final class ExitWatch implements AutoCloseable {
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, WatchKey> keys = new ConcurrentHashMap<>();
    private final WatchService service;

    ExitWatch() {
        WatchService s;
        try {
            s = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LocalEngine.LOG.log(System.Logger.Level.DEBUG, "no file watching, exits are found by polling: {0}", e.toString());
            s = null;
        }
        service = s;
        if (service != null) {
            Thread t = new Thread(this::forward, "engine-exit-watch");
            t.setDaemon(true);
            t.start();
        }
    }

    private void forward() {
        try {
            for (;;) {
                WatchKey k = service.take();
                k.pollEvents();
                k.reset();
                wake.release();
            }
        } catch (ClosedWatchServiceException | InterruptedException closed) {
            // the engine shuts down
        }
    }

    /** Watches {@code stateDir} of container {@code id} and wakes the monitor once (it may have exited already). */
    void watch(String id, Path stateDir) {
        if (service != null) {
            try {
                WatchKey old = keys.put(id, stateDir.register(service, StandardWatchEventKinds.ENTRY_CREATE));
                if (old != null && !old.equals(keys.get(id))) {
                    old.cancel();
                }
            } catch (IOException | ClosedWatchServiceException e) {
                LocalEngine.LOG.log(System.Logger.Level.DEBUG, "cannot watch {0}: {1}", stateDir, e.toString());
            }
        }
        wake.release();
    }

    void unwatch(String id) {
        WatchKey k = keys.remove(id);
        if (k != null) {
            k.cancel();
        }
    }

    /** Waits at most {@code millis} for a file to appear in a watched directory or for {@link #watch}. */
    void await(long millis) throws InterruptedException {
        if (wake.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            wake.drainPermits();
        }
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LocalEngine.LOG.log(System.Logger.Level.DEBUG, "closing the exit watch: {0}", e.toString());
            }
        }
    }
}

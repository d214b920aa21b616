package io.jcompose.engine.local;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.LogEntry;
import io.jcompose.engine.api.LogQuery;
import io.jcompose.engine.api.StreamType;
import io.jcompose.runtime.container.ContainerRuntime;
import io.jcompose.runtime.container.ContainerStatus;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Logs and attach over the runtime's json-lines log and the shim's attach socket. */
final class LogStreams {
    private static final LogEntry END = new LogEntry(StreamType.STDIN, Instant.EPOCH, new byte[0]);

    /** Open followers per container: auto-remove waits for them, or it would delete the log under them. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private LogStreams() {}

    /** Waits (at most {@code timeout}) until no follower reads the container's log any more. */
    static void awaitReaders(String id, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long seen = Wakeups.version(id);
            java.util.concurrent.atomic.AtomicInteger n = READERS.get(id);
            if (n == null || n.get() <= 0) {
                return;
            }
            Wakeups.await(id, seen, 5);
        }
    }

    private static io.jcompose.runtime.container.LogQuery runtimeQuery(LogQuery q) {
        return new io.jcompose.runtime.container.LogQuery(q.stdout(), q.stderr(), q.since(), q.until(),
                q.tail().map(OptionalInt::of).orElse(OptionalInt.empty()));
    }

    private static LogEntry convert(io.jcompose.runtime.container.LogEntry e) {
        return new LogEntry(e.stream().equals("stderr") ? StreamType.STDERR : StreamType.STDOUT, e.time(),
                e.text().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code docker logs}: the log read (and followed) on a thread of its own, handed over through a queue. */
    static EngineStream<LogEntry> logs(ContainerRuntime runtime, String id, LogQuery q) {
        if (!q.follow()) {
            var entries = runtime.logs(id).read(runtimeQuery(q)).iterator();
            return new EngineStream<>() {
                @Override
                public Optional<LogEntry> next() {
                    return entries.hasNext() ? Optional.of(convert(entries.next())) : Optional.empty();
                }

                @Override
                public void close() {
                    // nothing held open
                }
            };
        }
        return follow(runtime, id, runtimeQuery(q), () -> false);
    }

    private static EngineStream<LogEntry> follow(ContainerRuntime runtime, String id,
                                                 io.jcompose.runtime.container.LogQuery q,
                                                 java.util.function.BooleanSupplier waitForStart) {
        LinkedBlockingQueue<LogEntry> queue = new LinkedBlockingQueue<>(10_000);
        boolean[] closed = {false};
        java.util.concurrent.atomic.AtomicInteger readers = READERS.computeIfAbsent(id,
                k -> new java.util.concurrent.atomic.AtomicInteger());
        readers.incrementAndGet();
        Thread t = new Thread(() -> {
            try {
                for (long seen = Wakeups.version(id); waitForStart.getAsBoolean() && !closed[0];
                     seen = Wakeups.version(id)) {
                    Wakeups.await(id, seen, 10);
                }
                LogTail.follow(runtime, id, q, () -> closed[0], e -> {
                    if (closed[0]) {
                        return false;
                    }
                    try {
                        queue.put(convert(e));
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                    return !closed[0];
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException | RuntimeException e) {
                LocalEngine.LOG.log(System.Logger.Level.DEBUG, "log follow of {0} ended: {1}", id, e.toString());
            } finally {
                readers.decrementAndGet();
                queue.offer(END);
                Wakeups.signal(id);
            }
        }, "logs-" + id.substring(0, 12));
        t.setDaemon(true);
        t.start();
        return new EngineStream<>() {
            private boolean ended;

            @Override
            public Optional<LogEntry> next() {
                while (!ended) {
                    try {
                        LogEntry e = queue.poll(200, TimeUnit.MILLISECONDS);
                        if (e == END) {
                            ended = true;
                        } else if (e != null) {
                            return Optional.of(e);
                        } else if (closed[0]) {
                            ended = true;
                        }
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        ended = true;
                    }
                }
                return Optional.empty();
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
    }

    /**
     * {@code attach}: with stdin, the shim's attach socket (once the container runs: the shim keeps early output
     * for the first client); without, the log from this moment on (or from the start with {@code logs}), which
     * needs no race against a container that prints and exits at once.
     */
    static Attachment attach(ContainerRuntime runtime, String id, boolean tty, boolean stdin, boolean logs,
                             boolean stream) {
        ContainerStatus status = runtime.inspect(id).status();
        if (status == ContainerStatus.EXITED && !logs) {
            throw new io.jcompose.engine.api.EngineException.Conflict("You cannot attach to a stopped container, start it first");
        }
        if (stdin && stream) {
            return new DeferredSocketAttachment(runtime, id, tty);
        }
        Optional<Instant> since = logs ? Optional.empty() : Optional.of(Instant.now());
        var q = new io.jcompose.runtime.container.LogQuery(true, true, since, Optional.empty(), OptionalInt.empty());
        EngineStream<LogEntry> out = stream
                ? follow(runtime, id, q, () -> runtime.inspect(id).status() == ContainerStatus.CREATED)
                : logs(runtime, id, new LogQuery(false, true, true, Optional.empty(), Optional.empty(), false,
                        Optional.empty()));
        return new Attachment() {
            @Override
            public boolean tty() {
                return tty;
            }

            @Override
            public OutputStream stdin() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public EngineStream<LogEntry> output() {
                return out;
            }

            @Override
            public void close() {
                out.close();
            }
        };
    }
}

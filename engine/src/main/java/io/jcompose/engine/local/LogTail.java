package io.jcompose.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.json.Json;
import io.jcompose.runtime.container.ContainerRuntime;
import io.jcompose.runtime.container.ContainerStatus;
import io.jcompose.runtime.container.LogEntry;
import io.jcompose.runtime.container.LogQuery;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Follows a container's json-lines log by byte offset: the existing part and every later line are read from
 * the same offsets, so nothing written between "read what is there" and "wait for more" is lost. It ends once
 * the container has stopped (checked before the last read: the shim writes its exit record after the log).
 */
final class LogTail {
    private LogTail() {}

    static void follow(ContainerRuntime runtime, String id, LogQuery q, BooleanSupplier closed,
                       Predicate<LogEntry> sink) throws InterruptedException, IOException {
        Path log = runtime.dir(id).log();
        long pos = 0;
        if (q.tail().isPresent()) {
            ArrayDeque<LogEntry> last = new ArrayDeque<>();
            long[] end = {0};
            readFrom(log, 0, end, e -> {
                if (matches(q, e)) {
                    last.addLast(e);
                    if (last.size() > q.tail().getAsInt()) {
                        last.removeFirst();
                    }
                }
                return true;
            });
            for (LogEntry e : last) {
                if (!sink.test(e)) {
                    return;
                }
            }
            pos = end[0];
        }
        while (!closed.getAsBoolean()) {
            long seen = Wakeups.version(id);
            ContainerStatus status = runtime.inspect(id).status();
            boolean live = status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED;
            long[] end = {pos};
            boolean more = readFrom(log, pos, end, e -> !matches(q, e) || sink.test(e));
            if (!more) {
                return;
            }
            boolean grew = end[0] != pos;
            pos = end[0];
            if (!live && !grew) {
                return;
            }
            if (!grew) {
                Wakeups.await(id, seen, 10);
            }
        }
    }

    private static boolean matches(LogQuery q, LogEntry e) {
        return (e.stream().equals("stdout") ? q.stdout() : q.stderr())
                && q.since().map(s -> !e.time().isBefore(s)).orElse(true)
                && q.until().map(u -> e.time().isBefore(u)).orElse(true);
    }

    /** Reads complete lines from {@code pos}; {@code end[0]} becomes the offset after them. False: sink said stop. */
    private static boolean readFrom(Path log, long pos, long[] end, Predicate<LogEntry> sink) throws IOException {
        if (!Files.exists(log)) {
            end[0] = pos;
            return true;
        }
        long size = Files.size(log);
        if (size < pos) {
            pos = 0; // rotated: the current file is a new one
        }
        if (size == pos) {
            end[0] = pos;
            return true;
        }
        byte[] buf;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(pos);
            buf = new byte[(int) Math.min(size - pos, 16 << 20)];
            f.readFully(buf);
        }
        int start = 0;
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == '\n') {
                LogEntry e = parse(new String(buf, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
                if (e != null && !sink.test(e)) {
                    end[0] = pos + start;
                    return false;
                }
            }
        }
        end[0] = pos + start;
        return true;
    }

    private static LogEntry parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode n = Json.state().readTree(line);
            return new LogEntry(n.path("stream").asText(), Instant.parse(n.path("time").asText()), n.path("log").asText());
        } catch (IOException | RuntimeException e) {
            return null; // a torn line after a crash
        }
    }
}

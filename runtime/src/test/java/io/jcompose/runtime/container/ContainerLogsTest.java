package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {
    @TempDir
    Path tmp;

    static String line(String text, String stream, String time) {
        return "{\"log\":\"" + text + "\\n\",\"stream\":\"" + stream + "\",\"time\":\"" + time + "\"}\n";
    }

    @Test
    void readsRotatedFilesOldestFirstWithTailAndSince() throws Exception {
        Path log = tmp.resolve("log.json");
        Files.writeString(tmp.resolve("log.json.2"), line("a", "stdout", "2026-01-01T00:00:01Z"));
        Files.writeString(tmp.resolve("log.json.1"), line("b", "stderr", "2026-01-01T00:00:02Z"));
        Files.writeString(log, line("c", "stdout", "2026-01-01T00:00:03Z") + "{\"log\":\"torn");
        var logs = new ContainerLogs(log, () -> false);
        assertThat(logs.read(LogQuery.all())).extracting(LogEntry::text).containsExactly("a\n", "b\n", "c\n");
        assertThat(logs.read(LogQuery.all().withTail(2))).extracting(LogEntry::text).containsExactly("b\n", "c\n");
        assertThat(logs.read(LogQuery.all().withSince(Instant.parse("2026-01-01T00:00:02Z"))))
                .extracting(LogEntry::stream).containsExactly("stderr", "stdout");
        List<String> followed = new ArrayList<>();
        logs.follow(LogQuery.all(), e -> followed.add(e.text()));
        assertThat(followed).containsExactly("a\n", "b\n", "c\n");
    }
}

package io.jcompose.engine.api.fake;

import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.LogEntry;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The fake's record of one container; guarded by the FakeEngine's monitor. */
final class FakeContainer {
    final String id;
    String name;
    ContainerCreate request;
    final String imageId;
    final Instant created = Instant.now();
    String status = "created";
    int exitCode;
    int pid;
    int restartCount;
    Instant startedAt;
    Instant finishedAt;
    int exits;
    final List<LogEntry> logs = new ArrayList<>();
    final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    final List<String> execIds = new ArrayList<>();
    final java.util.Map<String, byte[]> files = new java.util.TreeMap<>();

    FakeContainer(String id, String name, ContainerCreate request, String imageId) {
        this.id = id;
        this.name = name;
        this.request = request;
        this.imageId = imageId;
    }

    boolean running() {
        return status.equals("running") || status.equals("paused");
    }
}

package io.jcompose.runtime.container;

import java.time.Instant;

/**
 * One record of a container's json-file log.
 *
 * @param stream "stdout" or "stderr"
 * @param time   when the shim read it
 * @param text   the bytes as text, with the trailing newline when the line was complete
 */
public record LogEntry(String stream, Instant time, String text) {}

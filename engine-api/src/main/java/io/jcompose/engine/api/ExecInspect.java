package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** {@code GET /exec/{id}/json}. {@code exitCode} is empty while it runs or before it started. */
public record ExecInspect(@JsonProperty("ID") String id, boolean running, Optional<Integer> exitCode,
                          ProcessConfig processConfig, boolean openStdin, boolean openStdout, boolean openStderr,
                          @JsonProperty("ContainerID") String containerId, int pid, boolean canRemove,
                          String detachKeys) {
    public ExecInspect {
        id = Defaults.str(id);
        exitCode = Defaults.opt(exitCode);
        containerId = Defaults.str(containerId);
        detachKeys = Defaults.str(detachKeys);
    }

    /** {@code ProcessConfig} (Docker writes these keys in lower camel case). */
    public record ProcessConfig(@JsonProperty("tty") boolean tty, @JsonProperty("entrypoint") String entrypoint,
                                @JsonProperty("arguments") List<String> arguments,
                                @JsonProperty("privileged") boolean privileged, @JsonProperty("user") String user) {
        public ProcessConfig {
            entrypoint = Defaults.str(entrypoint);
            arguments = Defaults.list(arguments);
            user = Defaults.str(user);
        }
    }
}

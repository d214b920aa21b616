package io.jcompose.engine.api;

import java.util.List;

/**
 * {@code POST /containers/{id}/exec}: a process to run in a running container. {@code consoleSize} is the TTY's
 * initial [height, width] (API 1.42+), empty when not given.
 */
public record ExecCreate(boolean attachStdin, boolean attachStdout, boolean attachStderr, boolean tty,
                         List<String> env, List<String> cmd, boolean privileged, String user, String workingDir,
                         String detachKeys, List<Integer> consoleSize) {
    public ExecCreate {
        consoleSize = Defaults.list(consoleSize);
        if (!consoleSize.isEmpty() && (consoleSize.size() != 2 || consoleSize.stream().anyMatch(n -> n == null || n < 0))) {
            throw new IllegalArgumentException("ConsoleSize must be [height, width], got " + consoleSize);
        }
        env = Defaults.list(env);
        cmd = Defaults.list(cmd);
        user = Defaults.str(user);
        workingDir = Defaults.str(workingDir);
        detachKeys = Defaults.str(detachKeys);
    }

    public ExecCreate(boolean attachStdin, boolean attachStdout, boolean attachStderr, boolean tty, List<String> env,
                      List<String> cmd, boolean privileged, String user, String workingDir, String detachKeys) {
        this(attachStdin, attachStdout, attachStderr, tty, env, cmd, privileged, user, workingDir, detachKeys, List.of());
    }

    /** Runs {@code cmd} with stdout and stderr attached, no tty, no stdin. */
    public static ExecCreate of(List<String> cmd) {
        return new ExecCreate(false, true, true, false, List.of(), cmd, false, "", "", "");
    }
}

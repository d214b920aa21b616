package io.jcompose.engine.api;

import java.util.List;

/** {@code POST /containers/{id}/exec}: a process to run in a running container. */
public record ExecCreate(boolean attachStdin, boolean attachStdout, boolean attachStderr, boolean tty,
                         List<String> env, List<String> cmd, boolean privileged, String user, String workingDir,
                         String detachKeys) {
    public ExecCreate {
        env = Defaults.list(env);
        cmd = Defaults.list(cmd);
        user = Defaults.str(user);
        workingDir = Defaults.str(workingDir);
        detachKeys = Defaults.str(detachKeys);
    }

    /** Runs {@code cmd} with stdout and stderr attached, no tty, no stdin. */
    public static ExecCreate of(List<String> cmd) {
        return new ExecCreate(false, true, true, false, List.of(), cmd, false, "", "", "");
    }
}

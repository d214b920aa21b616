package io.jcompose.runtime.state;

/**
 * state.json, the runtime's own facts about a container (the shim's are in running.json and
 * exit.json).
 *
 * @param createdAt    RFC 3339
 * @param paused       frozen by pause
 * @param restartCount how many times the restart policy started it again
 * @param error        why the last start failed, "" if it did not
 */
public record ContainerRecord(String createdAt, boolean paused, int restartCount, String error) {
    public ContainerRecord withPaused(boolean p) {
        return new ContainerRecord(createdAt, p, restartCount, error);
    }

    public ContainerRecord withRestartCount(int n) {
        return new ContainerRecord(createdAt, paused, n, error);
    }

    public ContainerRecord withError(String e) {
        return new ContainerRecord(createdAt, paused, restartCount, e);
    }
}

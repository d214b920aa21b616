package io.jcompose.runtime.state;

import java.nio.file.Path;

/**
 * The files of one container under the runtime's state root: {@code containers/<id>/} holds
 * spec.json, state.json, running.json, exit.json, log.json (+ rotated log.json.N), the OCI
 * bundle (config.json, rootfs/), upper/ and work/ unless the spec puts them elsewhere, and
 * execs/. Attach sockets live in a separate short directory because of the 108-byte limit.
 *
 * @param dir        containers/&lt;id&gt;
 * @param socketDir  the directory of the attach sockets
 */
public record ContainerDir(Path dir, Path socketDir) {
    public Path spec() {
        return dir.resolve("spec.json");
    }

    public Path state() {
        return dir.resolve("state.json");
    }

    public Path running() {
        return dir.resolve("running.json");
    }

    public Path exit() {
        return dir.resolve("exit.json");
    }

    public Path log() {
        return dir.resolve("log.json");
    }

    public Path config() {
        return dir.resolve("config.json");
    }

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    public Path execs() {
        return dir.resolve("execs");
    }

    /** The directory of one exec's running.json and exit.json. */
    public Path exec(String execId) {
        return execs().resolve(execId);
    }

    /** The container's attach socket. */
    public Path attachSocket() {
        return socketDir.resolve(dir.getFileName().toString().substring(0, 12) + ".sock");
    }

    /** One exec's attach socket. */
    public Path execSocket(String execId) {
        return socketDir.resolve(dir.getFileName().toString().substring(0, 12) + "-" + execId.substring(0, 12) + ".sock");
    }
}

package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.engine.api.EngineException;
import io.jcompose.runtime.container.ContainerException;
import io.jcompose.runtime.kernel.LaunchException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    private static EngineException startFailure(String step, String errno, String path) {
        LaunchException le = new LaunchException(step, 0, errno, path, "launcher text");
        return Errors.translate(new ContainerException(ContainerException.Kind.FAILED,
                "container \"web\" (0123456789ab): " + le.getMessage(), le));
    }

    @Test
    @DisplayName("a command that cannot be executed is Docker's 400, in the words the docker CLI maps to 127 and 126")
    void execFailuresInDockersWords() {
        EngineException inPath = startFailure("exec", "ENOENT", "nope");
        assertThat(inPath.status()).isEqualTo(400);
        assertThat(inPath.getMessage()).startsWith("container \"web\" (0123456789ab): exec nope: launcher text")
                .endsWith(": exec: \"nope\": executable file not found in $PATH");
        assertThat(startFailure("exec", "ENOENT", "/bin/nope").getMessage())
                .endsWith(": exec: \"/bin/nope\": stat /bin/nope: no such file or directory");
        assertThat(startFailure("exec", "EACCES", "/etc/passwd").getMessage())
                .endsWith(": exec: \"/etc/passwd\": permission denied");
    }

    @Test
    @DisplayName("other launcher failures stay 500s with the launcher's message")
    void otherFailuresStay500() {
        EngineException mount = startFailure("mount", "ENOENT", "/data");
        assertThat(mount.status()).isEqualTo(500);
        assertThat(mount.getMessage()).isEqualTo("container \"web\" (0123456789ab): mount /data: launcher text (ENOENT)");
        assertThat(startFailure("exec", "E2BIG", "sh").status()).isEqualTo(500);
    }
}

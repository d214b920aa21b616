package io.jcompose.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The parts of LinuxKernel that need neither root nor the launcher. */
class LinuxKernelTest {
    private final LinuxKernel kernel = new LinuxKernel(Path.of("/nonexistent/jcompose-launcher"));

    @Test
    void signallingAProcessThatIsGoneIsNoError() {
        int gone = (int) ProcessHandle.current().pid() + 4_000_000; // above pid_max
        kernel.signal(gone, Signal.TERM);
        assertThat(kernel.isAlive(gone, 0)).isFalse();
        assertThat(kernel.isAlive((int) ProcessHandle.current().pid(), 0)).isTrue();
        assertThatThrownBy(() -> kernel.signal(0, Signal.KILL)).hasMessageContaining("refusing to signal pid 0");
    }

    @Test
    void aMissingLauncherIsAClearError() {
        assertThatThrownBy(() -> kernel.launch(LaunchSpec.builder().put("arg", "true").build()))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("the launcher is missing or not executable (set -Djcompose.launcher=PATH)");
    }
}

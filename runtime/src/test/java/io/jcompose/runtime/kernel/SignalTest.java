package io.jcompose.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalTest {
    @Test
    void parsesDockerSpellings() {
        assertThat(Signal.parse("SIGTERM")).isEqualTo(new Signal(15, "TERM"));
        assertThat(Signal.parse("kill")).isEqualTo(Signal.KILL);
        assertThat(Signal.parse("10")).isEqualTo(new Signal(10, "USR1"));
        assertThat(Signal.parse("SIGRTMIN+3").number()).isEqualTo(37);
    }

    @Test
    void rejectsUnknownSignals() {
        assertThatThrownBy(() -> Signal.parse("SIGNOPE")).hasMessage("invalid signal \"SIGNOPE\"");
        assertThatThrownBy(() -> Signal.parse("99")).hasMessageContaining("out of range");
    }
}

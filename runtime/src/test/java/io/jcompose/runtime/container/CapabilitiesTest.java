package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    @Test
    void defaultPlusAddMinusDrop() {
        assertThat(Capabilities.effective(List.of("cap_net_admin"), List.of("CHOWN", "KILL"), false))
                .contains("NET_ADMIN").doesNotContain("CHOWN", "KILL").hasSize(Capabilities.DEFAULT.size() - 1);
    }

    @Test
    void dropAllThenAddKeepsOnlyTheAdded() {
        assertThat(Capabilities.effective(List.of("NET_BIND_SERVICE"), List.of("ALL"), false))
                .containsExactly("NET_BIND_SERVICE");
    }

    @Test
    void privilegedIsEverything() {
        assertThat(Capabilities.effective(List.of(), List.of("ALL"), true)).containsExactly("ALL");
    }

    @Test
    void unknownNamesAreUserErrors() {
        assertThatThrownBy(() -> Capabilities.effective(List.of("CAP_FLY"), List.of(), false))
                .hasMessage("unknown capability: \"CAP_FLY\"");
    }
}

package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityOptionsTest {
    @Test
    void defaultFilterUnlessSeccompUnconfinedInEitherSpelling() {
        assertThat(SecurityOptions.parse(List.of(), false).seccomp()).isTrue();
        assertThat(SecurityOptions.parse(List.of("seccomp=unconfined"), false).seccomp()).isFalse();
        assertThat(SecurityOptions.parse(List.of("seccomp:unconfined"), false).seccomp()).isFalse();
    }

    @Test
    void noNewPrivilegesLabelDisableAndAppArmorWithoutAppArmorAreAccepted() {
        assertThat(SecurityOptions.parse(List.of("no-new-privileges", "no-new-privileges:true",
                "no-new-privileges=true", "label=disable", "label:disable", "apparmor=docker-default"), false)
                .seccomp()).isTrue();
        assertThat(SecurityOptions.parse(List.of("apparmor=unconfined"), true).seccomp()).isTrue();
    }

    @Test
    void whatTheEngineCannotHonourIsA400NamingTheOption() {
        assertThatThrownBy(() -> SecurityOptions.parse(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}"), false))
                .isInstanceOf(EngineException.BadRequest.class)
                .hasMessageContaining("HostConfig.SecurityOpt: \"seccomp={\"defaultAction\"")
                .hasMessageContaining("custom seccomp profiles are not supported");
        assertThatThrownBy(() -> SecurityOptions.parse(List.of("no-new-privileges:false"), false))
                .hasMessageContaining("always sets no_new_privs");
        assertThatThrownBy(() -> SecurityOptions.parse(List.of("label=type:container_t"), false))
                .hasMessageContaining("\"label=type:container_t\" is not supported");
        assertThatThrownBy(() -> SecurityOptions.parse(List.of("apparmor=docker-default"), true))
                .hasMessageContaining("no AppArmor profiles");
        assertThatThrownBy(() -> SecurityOptions.parse(List.of("bogus=1"), false))
                .hasMessage("invalid --security-opt 1: \"bogus=1\"");
        assertThatThrownBy(() -> SecurityOptions.parse(List.of("no-new-privileges:maybe"), false))
                .hasMessage("invalid --security-opt 2: \"no-new-privileges:maybe\"");
    }
}

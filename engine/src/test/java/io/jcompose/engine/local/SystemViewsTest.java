package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.engine.api.VersionInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SystemViewsTest {
    @Test
    @DisplayName("/version reports Docker 25.0 (API 1.44) as Version and Engine, jcompose in Platform and a component")
    void dockerStyleVersion() {
        VersionInfo v = SystemViews.version();
        assertThat(v.version()).matches("25\\.0\\.\\d+");
        assertThat(v.apiVersion()).isEqualTo("1.44");
        assertThat(v.components()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("Engine");
            assertThat(c.version()).isEqualTo(v.version());
            assertThat(c.details()).containsEntry("ApiVersion", "1.44");
        });
        assertThat(v.components()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("jcompose");
            assertThat(c.version()).isEqualTo(LocalEngine.VERSION);
        });
        assertThat(v.platform().name()).isEqualTo("jcompose engine " + LocalEngine.VERSION);
        // Testcontainers compares Version numerically against 1.6.0
        int major = Integer.parseInt(v.version().split("\\.")[0]);
        assertThat(major).isGreaterThan(1);
    }
}

package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.engine.api.Mount;
import io.jcompose.engine.api.MountPoint;
import io.jcompose.runtime.container.BindMount;
import io.jcompose.runtime.container.Propagation;
import io.jcompose.runtime.container.TmpfsMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTranslatorTest {
    @TempDir
    Path dir;

    private static HostConfig binds(String... binds) {
        return HostConfig.defaults().withBinds(List.of(binds));
    }

    @Test
    void bindsWithModesAndPropagation() {
        var t = MountTranslator.translate(binds(dir + ":/data:ro,rslave", dir + ":/rw"));
        assertThat(t.mounts()).containsExactly(
                new BindMount(dir, "/data", true, true, Propagation.RSLAVE, false, false, false),
                new BindMount(dir, "/rw", false, true, Propagation.RPRIVATE, false, false, false));
        assertThat(t.points()).containsExactly(
                new MountPoint("bind", "", dir.toString(), "/data", "", "ro,rslave", false, "rslave"),
                new MountPoint("bind", "", dir.toString(), "/rw", "", "", true, "rprivate"));
    }

    @Test
    void aMissingDashVSourceIsCreated() {
        MountTranslator.translate(binds(dir.resolve("new/dir") + ":/x"));
        assertThat(Files.isDirectory(dir.resolve("new/dir"))).isTrue();
    }

    @Test
    void badBindsAreA400NamingTheField() {
        assertThatThrownBy(() -> MountTranslator.translate(binds("data:/x"))).isInstanceOf(EngineException.BadRequest.class)
                .hasMessageContaining("HostConfig.Binds[0]").hasMessageContaining("named volume \"data\"");
        assertThatThrownBy(() -> MountTranslator.translate(binds(dir + ":/x:rw,bogus")))
                .hasMessageContaining("HostConfig.Binds[0]: invalid mode \"bogus\"");
        assertThatThrownBy(() -> MountTranslator.translate(binds(dir + ":relative")))
                .hasMessageContaining("HostConfig.Binds[0]").hasMessageContaining("absolute");
        assertThatThrownBy(() -> MountTranslator.translate(binds(dir + ":/x", dir + ":/x/")))
                .hasMessageContaining("HostConfig.Binds[1]: Duplicate mount point: /x");
    }

    @Test
    void mountsOfTypeBindTmpfsAndVolume() {
        Mount bind = new Mount("bind", dir.toString(), "/b", true, "", Optional.of(new Mount.BindOptions("", true, false)),
                Optional.empty(), Optional.empty());
        var t = MountTranslator.translate(HostConfig.defaults().withMounts(List.of(bind, Mount.tmpfs("/t", 4 << 20, 0700))));
        assertThat(t.mounts()).containsExactly(
                new BindMount(dir, "/b", true, false, Propagation.RPRIVATE, false, false, false),
                new TmpfsMount("/t", java.util.OptionalLong.of(4 << 20), java.util.OptionalInt.of(0700), false, true, true, true));
        assertThatThrownBy(() -> MountTranslator.translate(HostConfig.defaults().withMounts(List.of(Mount.volume("v", "/v", false)))))
                .hasMessageContaining("HostConfig.Mounts[0].Type").hasMessageContaining("\"volume\" is not supported");
        assertThatThrownBy(() -> MountTranslator.translate(HostConfig.defaults().withMounts(
                List.of(Mount.bind(dir.resolve("absent").toString(), "/x", false)))))
                .hasMessageContaining("bind source path does not exist: " + dir.resolve("absent"));
    }

    @Test
    void tmpfsOptionsInDockersSpelling() {
        Map<String, String> tmpfs = new LinkedHashMap<>();
        tmpfs.put("/scratch", "size=4m,mode=1770,exec");
        var t = MountTranslator.translate(HostConfig.defaults().withTmpfs(tmpfs, true));
        TmpfsMount m = (TmpfsMount) t.mounts().get(0);
        assertThat(m.sizeBytes()).hasValue(4L << 20);
        assertThat(m.data()).isEqualTo("mode=1770,size=4194304");
        assertThat(m.noexec()).isFalse();
        assertThatThrownBy(() -> MountTranslator.translate(HostConfig.defaults().withTmpfs(Map.of("/s", "size=lots"), false)))
                .hasMessageContaining("invalid size \"lots\"");
        assertThatThrownBy(() -> MountTranslator.translate(HostConfig.defaults().withTmpfs(Map.of("/s", "uid=5"), false)))
                .hasMessageContaining("unsupported tmpfs option \"uid=5\"");
    }

    @Test
    void parentsComeBeforeChildren() {
        var t = MountTranslator.translate(HostConfig.defaults().withBinds(List.of(dir + ":/a/b/c", dir + ":/a"))
                .withTmpfs(Map.of("/a/b", ""), false));
        assertThat(t.mounts()).extracting(m -> m.target()).containsExactly("/a", "/a/b", "/a/b/c");
    }

    @Test
    void sizes() {
        assertThat(Sizes.parse("f", "4096")).isEqualTo(4096);
        assertThat(Sizes.parse("f", "4k")).isEqualTo(4096);
        assertThat(Sizes.parse("f", "4m")).isEqualTo(4 << 20);
        assertThat(Sizes.parse("f", "1g")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("f", "10MB")).isEqualTo(10 << 20);
    }
}

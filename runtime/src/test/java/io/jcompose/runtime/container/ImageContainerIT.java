package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.runtime.cgroup.CgroupDriver;
import io.jcompose.runtime.image.Image;
import io.jcompose.runtime.image.ImageConfig;
import io.jcompose.runtime.image.ImageStore;
import io.jcompose.runtime.kernel.LinuxKernel;
import io.jcompose.testing.RequiresRoot;
import io.jcompose.testing.images.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container of a real image from the store: layers, config and user as the engine will wire them. */
@RequiresRoot
class ImageContainerIT {
    @TempDir
    Path tmp;

    @Test
    void theBusyboxImageRunsWithItsConfigAndUser() {
        ImageStore store = ImageStore.open(tmp.resolve("images"));
        Image image = store.load(TestImages.busybox(tmp)).get(0);
        ImageConfig config = store.config(image);
        List<Path> layers = store.layerDirs(image);
        ResolvedUser user = ImageUsers.of(layers).resolve("app", List.of());
        List<String> env = new ArrayList<>(config.env());
        env.add("HOME=" + user.home());
        var process = ProcessSpec.of(List.of("sh", "-c", "id; echo $HOME; cat /etc/hostname 2>/dev/null; ls -ld /var/run"))
                .withEnv(env).withUser(user.uid(), user.gid(), user.groups());
        String id = Ids.random();
        var runtime = ContainerRuntime.open(tmp.resolve("state"), tmp.resolve("s"), LinuxKernel.configured(),
                CgroupDriver.detect(), Optional.empty());
        runtime.create(ContainerSpec.of(id, "image-test", layers, process));
        try {
            runtime.start(id);
            assertThat(runtime.awaitExit(id, Duration.ofSeconds(20))).hasValueSatisfying(e -> assertThat(e.exitCode()).isZero());
            String out = runtime.logs(id).read(LogQuery.all()).stream().map(LogEntry::text).collect(Collectors.joining());
            assertThat(out).startsWith("uid=1000(app) gid=1000(app)").contains("\n/home/app\n", "/var/run -> /run");
        } finally {
            runtime.remove(id, true);
        }
    }
}

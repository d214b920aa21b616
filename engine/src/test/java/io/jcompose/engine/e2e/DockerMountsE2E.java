package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10 through the docker CLI: -v, :ro, single files, --mount, --tmpfs, --read-only, inspect's Mounts. */
class DockerMountsE2E extends DockerCliBase {
    Path host;

    @BeforeAll
    void hostDirectory() throws Exception {
        host = Files.createDirectories(engine.dir.resolve("host"));
    }

    private Docker.Result run(String... args) {
        return docker.run(args);
    }

    @Test
    @DisplayName("-v HOSTDIR:/data works both ways")
    void bindBothWays() throws Exception {
        Files.writeString(host.resolve("from-host.txt"), "hello from the host\n");
        Docker.Result r = run("run", "--rm", "-v", host + ":/data", image, "sh", "-c",
                "cat /data/from-host.txt; echo written inside > /data/from-container.txt");
        assertThat(r.code()).as(r.text()).isZero();
        assertThat(r.out()).isEqualTo("hello from the host\n");
        assertThat(Files.readString(host.resolve("from-container.txt"))).isEqualTo("written inside\n");
    }

    @Test
    @DisplayName(":ro makes writes fail with EROFS and leaves the host file unchanged")
    void readOnlyBind() throws Exception {
        Files.writeString(host.resolve("keep.txt"), "original\n");
        Docker.Result r = run("run", "--rm", "-v", host + ":/data:ro", image, "sh", "-c", "echo changed > /data/keep.txt");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("Read-only file system");
        assertThat(Files.readString(host.resolve("keep.txt"))).isEqualTo("original\n");
    }

    @Test
    @DisplayName("a single file can be bound, and a missing -v source is created as a directory")
    void singleFileAndMissingSource() throws Exception {
        Path file = Files.writeString(host.resolve("single.conf"), "key=value\n");
        Docker.Result r = run("run", "--rm", "-v", file + ":/etc/app.conf:ro", image, "cat", "/etc/app.conf");
        assertThat(r.code()).as(r.text()).isZero();
        assertThat(r.out()).isEqualTo("key=value\n");
        Path missing = host.resolve("made/by/engine");
        assertThat(run("run", "--rm", "-v", missing + ":/m", image, "true").code()).isZero();
        assertThat(Files.isDirectory(missing)).isTrue();
    }

    @Test
    @DisplayName("--mount type=bind,readonly is read-only; a missing --mount source is an error naming it")
    void mountFlag() {
        Docker.Result r = run("run", "--rm", "--mount", "type=bind,src=" + host + ",dst=/m,readonly", image, "sh", "-c",
                "ls /m >/dev/null && touch /m/x");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("Read-only file system");
        Docker.Result missing = run("run", "--rm", "--mount", "type=bind,src=" + host.resolve("nope") + ",dst=/m", image, "true");
        assertThat(missing.code()).isEqualTo(125);
        assertThat(missing.err()).contains("bind source path does not exist: " + host.resolve("nope"));
        Docker.Result volume = run("run", "--rm", "--mount", "type=volume,src=v,dst=/v", image, "true");
        assertThat(volume.code()).isEqualTo(125);
        assertThat(volume.err()).contains("HostConfig.Mounts[0].Type").contains("volume");
    }

    @Test
    @DisplayName("--tmpfs /scratch:size=4m holds 4 MiB (size=4096k in /proc/mounts) and refuses 5 MiB with ENOSPC")
    void tmpfsSize() {
        Docker.Result r = run("run", "--rm", "--tmpfs", "/scratch:size=4m", image, "sh", "-c",
                "grep ' /scratch ' /proc/mounts; dd if=/dev/zero of=/scratch/f bs=1M count=5");
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).contains("size=4096k");
        assertThat(r.err()).contains("No space left on device");
    }

    @Test
    @DisplayName("--read-only keeps a --tmpfs writable")
    void readOnlyRootWithTmpfs() {
        Docker.Result r = run("run", "--rm", "--read-only", "--tmpfs", "/tmp", image, "sh", "-c",
                "echo ok > /tmp/f && cat /tmp/f && touch /root-file");
        assertThat(r.out()).isEqualTo("ok\n");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("Read-only file system");
    }

    @Test
    @DisplayName("inspect shows Mounts as the CLI reads them, and rm leaves no mount behind")
    void inspectMounts() throws Exception {
        Docker.Result started = run("run", "-d", "--name", "mounts", "-v", host + ":/data:ro", "--mount",
                "type=tmpfs,dst=/t", image, "sleep", "60");
        assertThat(started.code()).as(started.text()).isZero();
        String id = started.out().strip();
        try {
            String json = run("inspect", "-f", "{{json .Mounts}}", "mounts").out();
            assertThat(json).contains("{\"Type\":\"bind\",\"Source\":\"" + host + "\",\"Destination\":\"/data\","
                    + "\"Mode\":\"ro\",\"RW\":false,\"Propagation\":\"rprivate\"}");
            assertThat(json).contains("\"Type\":\"tmpfs\"").contains("\"Destination\":\"/t\"");
        } finally {
            assertThat(run("rm", "-f", "mounts").code()).isZero();
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            assertThat(line).doesNotContain(id.substring(0, 12)).doesNotContain(host.toString());
        }
    }
}

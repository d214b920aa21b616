package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.runtime.kernel.LaunchSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchSpecsTest {
    static final LaunchSpecs.Wiring WIRING = new LaunchSpecs.Wiring(Path.of("/state/c"), Optional.of(Path.of("/state/c/log.json")),
            Path.of("/run/s/c.sock"), List.of(Path.of("/sys/fs/cgroup/memory/jcompose/c/cgroup.procs")),
            Optional.of(Path.of("/sys/fs/cgroup/memory/jcompose/c/memory.oom_control")), Optional.of(Path.of("/var/lib/jcompose/seccomp")),
            Optional.of(Path.of("/sys/fs/cgroup/devices/jcompose/c")), Optional.empty());

    static LaunchSpec run(ContainerSpec spec) {
        return LaunchSpecs.run(spec, Path.of("/state/c/rootfs"), Path.of("/state/c/upper"), Path.of("/state/c/work"),
                WIRING, Optional.of(Path.of("/opt/jcompose-init")));
    }

    @Test
    void layersGoTopFirstAndEveryNamespaceIsNew() {
        LaunchSpec s = run(ContainerSpecTest.spec());
        assertThat(s.values("lower")).containsExactly(List.of("/layers/b"), List.of("/layers/a"));
        assertThat(s.values("ns")).extracting(v -> v.get(0)).containsExactly("mnt", "pid", "uts", "ipc", "cgroup", "net");
        assertThat(s.first("seccomp")).isEqualTo("1");
        assertThat(s.first("seccomp_cache")).isEqualTo("/var/lib/jcompose/seccomp");
        assertThat(s.first("no_new_privs")).isEqualTo("1");
        assertThat(s.values("cap")).hasSize(Capabilities.DEFAULT.size());
        assertThat(s.first("cgroup_procs")).isEqualTo("/sys/fs/cgroup/memory/jcompose/c/cgroup.procs");
        assertThat(s.values("arg")).containsExactly(List.of("sh"));
    }

    @Test
    void aNetnsPathIsJoinedInsteadOfANewOne() {
        LaunchSpec s = run(ContainerSpecTest.spec().withNetwork(false, Optional.of(Path.of("/run/netns/n1"))));
        assertThat(s.values("ns")).extracting(v -> v.get(0)).doesNotContain("net");
        assertThat(s.first("netns_path")).isEqualTo("/run/netns/n1");
    }

    @Test
    void hostNamespacesAreNotCreatedAndAContainersIsJoinedByPidAndStartTime() {
        String other = "b".repeat(64);
        ContainerSpec spec = ContainerSpecTest.spec().withNamespaces(
                new Namespaces(NamespaceMode.of(other), NamespaceMode.HOST, NamespaceMode.HOST, NamespaceMode.PRIVATE));
        LaunchSpec s = LaunchSpecs.run(spec, Path.of("/r"), Path.of("/u"), Path.of("/w"), WIRING, Optional.empty(),
                List.of(new LaunchSpecs.NamespaceJoin("pid", 4242, 99)));
        assertThat(s.values("ns")).extracting(v -> v.get(0)).containsExactly("mnt", "cgroup", "net");
        assertThat(s.values("join_ns")).containsExactly(List.of("pid", "4242", "99"));
        assertThatThrownBy(() -> run(spec)).hasMessageContaining("was not resolved");
    }

    @Test
    void anotherContainersNetworkIsJoinedByPidInsteadOfANewOne() {
        ContainerSpec spec = ContainerSpecTest.spec().withNamespaces(Namespaces.PRIVATE.withNet(NamespaceMode.of("c".repeat(64))));
        LaunchSpec s = LaunchSpecs.run(spec, Path.of("/r"), Path.of("/u"), Path.of("/w"), WIRING, Optional.empty(),
                List.of(new LaunchSpecs.NamespaceJoin("net", 4343, 77)));
        assertThat(s.values("ns")).extracting(v -> v.get(0)).doesNotContain("net");
        assertThat(s.values("netns_path")).isEmpty();
        assertThat(s.values("join_ns")).containsExactly(List.of("net", "4343", "77"));
        assertThatThrownBy(() -> new LaunchSpecs.NamespaceJoin("uts", 1, 0)).hasMessageContaining("not \"uts\"");
    }

    @Test
    void devicesCarryTheirNumbersOwnerAndPermissions() {
        LaunchSpec s = run(ContainerSpecTest.spec().withDevices(List.of(
                new DeviceNode("/dev/mynull", "c", 1, 3, 0100666, 0, 5, "rw"))));
        assertThat(s.values("device")).containsExactly(List.of("c", "1", "3", "438", "0", "5", "rw", "/dev/mynull"));
        assertThat(run(ContainerSpecTest.spec().withDeviceRules(List.of(DeviceRule.parse("c 10:* rw"))))
                .values("device_rule")).containsExactly(List.of("c", "10", "-1", "rw"));
        assertThat(DeviceRule.parse("a *:* rwm").line()).isEqualTo("a *:* rwm");
        assertThatThrownBy(() -> DeviceRule.parse("x 1:2 r")).hasMessage("invalid device cgroup rule format: 'x 1:2 r'");
        assertThatThrownBy(() -> new DeviceNode("/dev/../etc/x", "c", 1, 3, 0666, 0, 0, "rwm"))
                .hasMessageContaining("under /dev");
        assertThatThrownBy(() -> new DeviceNode("/dev/x", "c", 1, 3, 0666, 0, 0, "rwx"))
                .hasMessageContaining("invalid cgroup permissions");
    }

    @Test
    void mountsKeepTheirOrderAndOptions() {
        LaunchSpec s = run(ContainerSpecTest.spec().withMounts(List.of(
                new BindMount(Path.of("/src"), "/data", true, true, Propagation.RSLAVE, true, false, true),
                TmpfsMount.of("/scratch").withSize(4L << 20))));
        assertThat(s.values("mount")).containsExactly(
                List.of("bind", "/src", "/data", "ro,rbind,rslave,nosuid,noexec", ""),
                List.of("tmpfs", "tmpfs", "/scratch", "rw,nosuid,nodev,noexec", "mode=1777,size=4194304"));
    }

    @Test
    void privilegedLiftsCapsSeccompAndMasks() {
        LaunchSpec s = run(ContainerSpecTest.spec().withSecurity(List.of(), List.of(), true, true));
        assertThat(s.values("cap")).containsExactly(List.of("ALL"));
        assertThat(s.first("seccomp")).isEqualTo("0");
        assertThat(s.values("masked")).isEmpty();
        assertThat(s.values("readonly")).isEmpty();
    }

    @Test
    void aPrivilegedExecGetsAllCapsWithoutSeccompButKeepsTheContainersDevicesAndMasks() {
        ContainerSpec spec = ContainerSpecTest.spec();
        LaunchSpec plain = LaunchSpecs.exec(spec, 42, 0, ProcessSpec.of(List.of("sh")), false, WIRING);
        assertThat(plain.values("cap")).hasSize(Capabilities.DEFAULT.size());
        assertThat(plain.first("seccomp")).isEqualTo("1");
        assertThat(plain.first("no_new_privs")).isEqualTo("1");
        LaunchSpec privileged = LaunchSpecs.exec(spec, 42, 0, ProcessSpec.of(List.of("sh")), true, WIRING);
        assertThat(privileged.values("cap")).containsExactly(List.of("ALL"));
        assertThat(privileged.first("seccomp")).isEqualTo("0");
        assertThat(privileged.first("no_new_privs")).isEqualTo("0");
        assertThat(privileged.first("privileged")).isEqualTo("0");
    }

    @Test
    void initWrapsTheCommandAndBindsTheBinary() {
        LaunchSpec s = run(ContainerSpecTest.spec().withInit(true));
        assertThat(s.values("arg")).containsExactly(List.of("/sbin/docker-init"), List.of("--"), List.of("sh"));
        assertThat(s.values("mount")).containsExactly(List.of("bind", "/opt/jcompose-init", "/sbin/docker-init", "ro,bind,rprivate", ""));
        assertThatThrownBy(() -> LaunchSpecs.run(ContainerSpecTest.spec().withInit(true), Path.of("/r"), Path.of("/u"),
                Path.of("/w"), WIRING, Optional.empty())).hasMessageContaining("jcompose-init");
    }

    @Test
    void ulimitsApplyToTheContainerAndToItsExecs() {
        ContainerSpec spec = ContainerSpecTest.spec().withLimits(java.util.Map.of(), List.of(new Ulimit("nofile", 512, 1024)),
                64L << 20);
        assertThat(run(spec).values("rlimit")).containsExactly(List.of("nofile", "512", "1024"));
        assertThat(LaunchSpecs.exec(spec, 42, 0, ProcessSpec.of(List.of("sh")), false, WIRING).values("rlimit"))
                .containsExactly(List.of("nofile", "512", "1024"));
    }

    @Test
    void aUserNamespaceGivesItsMapsToRunAndExec() {
        var spec = ContainerSpec.of("0123456789abcdef", "c", List.of(Path.of("/layers/a")), ProcessSpec.of(List.of("sh")))
                .withUserNamespace(Optional.of(UserNamespace.remap(100_000, 65_536)));
        assertThat(run(spec).values("uid_map")).containsExactly(List.of("0 100000 65536"));
        assertThat(run(spec).values("gid_map")).containsExactly(List.of("0 100000 65536"));
        var exec = LaunchSpecs.exec(spec, 42, 7, ProcessSpec.of(List.of("id")), false, WIRING);
        assertThat(exec.values("uid_map")).containsExactly(List.of("0 100000 65536"));
        assertThat(run(spec.withUserNamespace(Optional.empty())).values("uid_map")).isEmpty();
    }
}

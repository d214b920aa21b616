package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process's privileges: Docker's default capabilities, no_new_privs, seccomp; cap_add, cap_drop, privileged. */
@RequiresRoot
class CapabilitiesIT {
    private static final String STATUS = "grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status";
    @TempDir
    Path tmp;
    EscapeHarness h;

    @BeforeEach
    void setUp() {
        h = new EscapeHarness(tmp);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void theDefaultIsDockersSetWithNoNewPrivsAndSeccomp() {
        assertThat(h.run(h.sh(h.image(), STATUS)).stdout()).isEqualTo("""
                CapInh:\t0000000000000000
                CapPrm:\t00000000a80425fb
                CapEff:\t00000000a80425fb
                CapBnd:\t00000000a80425fb
                CapAmb:\t0000000000000000
                NoNewPrivs:\t1
                Seccomp:\t2
                """);
    }

    @Test
    void anExecGetsTheSameSet() throws Exception {
        var spec = h.sh(h.image(), "sleep 300");
        h.start(spec);
        assertThat(h.exec(spec.id(), STATUS + " > /tmp/status")).isZero();
        assertThat(h.upperFile(spec.id(), "/tmp/status")).contains("CapEff:\t00000000a80425fb", "CapBnd:\t00000000a80425fb",
                "NoNewPrivs:\t1", "Seccomp:\t2");
    }

    @Test
    void aPrivilegedExecGetsTheEnginesSetWithoutSeccompInTheContainersNamespacesAndCgroup() throws Exception {
        String bounding = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapBnd:"))
                .findFirst().orElseThrow().split("\t")[1];
        var spec = h.sh(h.image(), "sleep 300");
        h.start(spec);
        String script = STATUS + "; for n in cgroup ipc mnt net pid uts; do"
                + " [ \"$(readlink /proc/self/ns/$n)\" = \"$(readlink /proc/1/ns/$n)\" ] && echo same-$n; done;"
                + " [ \"$(cat /proc/self/cgroup)\" = \"$(cat /proc/1/cgroup)\" ] && echo same-cgroup-group";
        var privileged = h.runtime.exec(spec.id(), ProcessSpec.of(List.of("sh", "-c", "(" + script + ") > /tmp/privileged")),
                true);
        assertThat(h.awaitExec(spec.id(), privileged.execId())).isZero();
        assertThat(h.exec(spec.id(), STATUS + " > /tmp/plain")).isZero();
        assertThat(h.upperFile(spec.id(), "/tmp/privileged")).contains("CapEff:\t" + bounding, "CapPrm:\t" + bounding,
                "NoNewPrivs:\t0", "Seccomp:\t0", "same-cgroup\n", "same-ipc", "same-mnt", "same-net", "same-pid", "same-uts",
                "same-cgroup-group");
        assertThat(h.upperFile(spec.id(), "/tmp/plain")).contains("CapEff:\t00000000a80425fb", "NoNewPrivs:\t1",
                "Seccomp:\t2");
    }

    @Test
    void aNonRootUserHoldsNoCapabilities() {
        var spec = h.sh(h.image(), STATUS);
        spec = spec.withProcess(spec.process().withUser(1000, 1000, List.of()));
        assertThat(h.run(spec).stdout()).contains("CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
                "CapAmb:\t0000000000000000", "CapBnd:\t00000000a80425fb", "NoNewPrivs:\t1");
    }

    @Test
    void capAddAndCapDropChangeExactlyThoseBits() {
        var spec = h.sh(h.image(), STATUS).withSecurity(List.of("SYS_ADMIN"), List.of("NET_RAW"), false, true);
        // 0xa80425fb + SYS_ADMIN (bit 21) - NET_RAW (bit 13)
        assertThat(h.run(spec).stdout()).contains("CapEff:\t00000000a82405fb", "CapBnd:\t00000000a82405fb", "Seccomp:\t2");
        var none = h.sh(h.image(), STATUS).withSecurity(List.of(), List.of("ALL"), false, true);
        assertThat(h.run(none).stdout()).contains("CapEff:\t0000000000000000", "CapBnd:\t0000000000000000");
    }

    @Test
    void privilegedKeepsTheEnginesSetWithoutSeccompOrNoNewPrivs() throws Exception {
        String bounding = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapBnd:"))
                .findFirst().orElseThrow().split("\t")[1];
        var spec = h.sh(h.image(), STATUS).withSecurity(List.of(), List.of(), true, true);
        assertThat(h.run(spec).stdout()).contains("CapEff:\t" + bounding, "CapBnd:\t" + bounding, "NoNewPrivs:\t0",
                "Seccomp:\t0");
    }

    @Test
    void setuidBinariesOfTheImageGiveNothingUnderNoNewPrivs() {
        var layers = h.image(b -> b.file("/bin/suid-probe", h.probe, 04755).file("/bin/sgid-probe", h.probe, 02755));
        var spec = h.sh(layers, "suid-probe ids; sgid-probe ids; stat -c %a /bin/suid-probe");
        spec = spec.withProcess(spec.process().withUser(1000, 1000, List.of()));
        assertThat(h.run(spec).stdout()).isEqualTo("uid=1000 euid=1000 gid=1000 egid=1000\n"
                + "uid=1000 euid=1000 gid=1000 egid=1000\n4755\n");
    }
}

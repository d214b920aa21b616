package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.runtime.kernel.LinuxKernel;
import io.jcompose.testing.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The config.json the runtime writes runs under runc (Debian's package) and behaves the same. */
@RequiresRoot
class RuncBundleIT {
    private static final String FACTS = "echo pid=$$; hostname; id; grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp)' /proc/self/status;"
            + " ls /dev | tr '\\n' ' '; echo; awk '{print $2}' /proc/mounts | sort | tr '\\n' ' '; echo;"
            + " cat /data/from-host; echo x > /data/f 2>&1 | head -c0; wc -c < /proc/timer_list;"
            // a call the default seccomp filter denies: config.json carries the filter to runc
            + " jcompose-probe keyctl";
    @RegisterExtension
    final ContainerHarness h = new ContainerHarness();

    @Test
    void theSameBundleRunsUnderRuncWithTheSameResult() throws Exception {
        Path host = java.nio.file.Files.createDirectories(h.tmp.resolve("host"));
        java.nio.file.Files.writeString(host.resolve("from-host"), "shared\n");
        var spec = h.sh(FACTS).withHostname("same-box", "")
                .withMounts(List.of(BindMount.of(host, "/data", true), TmpfsMount.of("/scratch").withSize(1 << 20)));
        var ours = h.run(spec);
        assertThat(ours.exitCode()).isZero();
        assertThat(ours.stdout()).endsWith("keyctl=EPERM\n");

        var d = h.runtime.dir(spec.id());
        var kernel = LinuxKernel.configured();
        kernel.mountOverlay(List.of(h.layer), d.dir().resolve("upper"), d.dir().resolve("work"), d.rootfs());
        String theirs;
        try {
            theirs = runc(d.dir(), "jc-" + spec.id().substring(0, 12));
        } finally {
            kernel.unmount(d.rootfs());
        }
        assertThat(theirs).isEqualTo(ours.stdout());
    }

    private String runc(Path bundle, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("runc", "--root", h.tmp.resolve("runc-state").toString(), "run",
                "--bundle", bundle.toString(), name));
        Process p = new ProcessBuilder(cmd).redirectError(h.tmp.resolve("runc.err").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("runc did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("runc: " + java.nio.file.Files.readString(h.tmp.resolve("runc.err"))).isZero();
        return text;
    }
}

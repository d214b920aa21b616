package io.jcompose.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchAnswerTest {
    @Test
    void aPidAnswerBecomesLaunched() {
        assertThat(LinuxKernel.parseAnswer("{\"pid\":12,\"shim_pid\":11}\n", 0)).isEqualTo(new Launched(12, 11));
    }

    @Test
    void anErrorRecordBecomesALaunchExceptionWithStepErrnoAndPath() {
        var e = catchThrowableOfType(() -> LinuxKernel.parseAnswer("{\"error\":true,\"step\":\"mount\",\"errno\":2,"
                + "\"errno_name\":\"ENOENT\",\"path\":\"/src\",\"message\":\"bind source: No such file or directory\"}", 1),
                LaunchException.class);
        assertThat(e.step()).isEqualTo("mount");
        assertThat(e.errno()).isEqualTo(2);
        assertThat(e.errnoName()).isEqualTo("ENOENT");
        assertThat(e.path()).isEqualTo("/src");
        assertThat(e).hasMessage("mount /src: bind source: No such file or directory (ENOENT)");
    }

    @Test
    void silenceIsALauncherBugReportedAsSuch() {
        var e = catchThrowableOfType(() -> LinuxKernel.parseAnswer("Segmentation fault", 139), LaunchException.class);
        assertThat(e).hasMessage("launcher: exited (139) without a record: Segmentation fault");
    }

    @Test
    void theSpecIsNulTerminatedStrings() {
        var spec = LaunchSpec.builder().put("arg", "sh").put("mount", "bind", "/a", "/b", "ro", "").build();
        assertThat(new String(spec.encode())).isEqualTo("arg\0sh\0mount\0bind\0/a\0/b\0ro\0\0");
        assertThat(spec.values("mount")).containsExactly(List.of("bind", "/a", "/b", "ro", ""));
    }
}

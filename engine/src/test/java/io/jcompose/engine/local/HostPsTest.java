package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.TopResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPsTest {
    private static final String PS_EF = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 12:22 ?        00:00:01 /sbin/init
            root        4242    4200  0 13:40 ?        00:00:00 sh -c while true; do sleep 1; done
            root        4250    4242  0 13:40 ?        00:00:00 sleep 1
            """;

    @Test
    void keepsTheContainersRowsWithTheCommandInOneColumn() {
        TopResult t = HostPs.parse(PS_EF, Set.of(4242, 4250));

        assertThat(t.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(t.processes()).containsExactly(
                List.of("root", "4242", "4200", "0", "13:40", "?", "00:00:00", "sh -c while true; do sleep 1; done"),
                List.of("root", "4250", "4242", "0", "13:40", "?", "00:00:00", "sleep 1"));
    }

    @Test
    void psOptionsWithoutAPidColumnAreAnError() {
        assertThatThrownBy(() -> HostPs.parse("USER COMMAND\nroot sh\n", Set.of(1)))
                .isInstanceOf(EngineException.class).hasMessage("Couldn't find PID field in ps output");
    }

    @Test
    void runsTheHostsPs() {
        long self = ProcessHandle.current().pid();
        TopResult t = HostPs.top(Set.of((int) self), "-o pid,comm");

        assertThat(t.titles()).containsExactly("PID", "COMMAND");
        assertThat(t.processes()).singleElement().satisfies(r -> assertThat(r.get(0)).isEqualTo(Long.toString(self)));
    }
}

package io.jcompose.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.errors.HostCapabilityException;
import io.jcompose.errors.PlanException;
import io.jcompose.errors.RuntimeActionException;
import io.jcompose.errors.UsageException;
import org.junit.jupiter.api.Test;

/** The one mapping from failures to exit codes (STYLE.md §5) and the message chain users see. */
class ExitCodesTest {
    private final ExitCodes codes = new ExitCodes();

    @Test
    void eachErrorKindHasItsExitCode() {
        assertThat(codes.getExitCode(new UsageException("x"))).isEqualTo(1);
        assertThat(codes.getExitCode(new PlanException("x"))).isEqualTo(4);
        assertThat(codes.getExitCode(new HostCapabilityException("x"))).isEqualTo(5);
        assertThat(codes.getExitCode(new RuntimeActionException("x"))).isEqualTo(6);
        assertThat(codes.getExitCode(new IllegalStateException("bug"))).isEqualTo(1);
    }

    @Test
    void theMessageChainNamesEveryCause() {
        RuntimeActionException e = new RuntimeActionException("service \"web\" (container web-1): mounting volume failed",
                new java.io.IOException("EACCES"));
        assertThat(ExitCodes.chain(e)).isEqualTo("service \"web\" (container web-1): mounting volume failed\ncaused by: EACCES");
    }
}

package io.jcompose.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Slf4jLoggerFinderTest {

    @Test
    void theFinderServesTheEngineLoggers() {
        assertThat(System.LoggerFinder.getLoggerFinder()).isInstanceOf(Slf4jLoggerFinder.class);
    }

    @Test
    void bracesInTheArgumentsStayAsTheyAre() {
        PrintStream err = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            System.getLogger("jcompose.test").log(System.Logger.Level.WARNING, "body: {0} of {1}",
                    "{\"Volumes\":{},\"Labels\":{}}", "c1");
        } finally {
            System.setErr(err);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("body: {\"Volumes\":{},\"Labels\":{}} of c1");
    }
}

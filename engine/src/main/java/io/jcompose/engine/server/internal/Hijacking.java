package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.LogEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * Pumps a hijacked connection: the process's output to the client (framed unless tty) on this thread, the
 * client's bytes to the process's stdin on another; when the output ends the connection is closed.
 */
final class Hijacking {
    private static final System.Logger LOG = System.getLogger("io.jcompose.engine.server");

    private Hijacking() {}

    static void run(Exchange ex, Attachment attachment, boolean stdin, ExecutorService pumps,
                    Predicate<LogEntry> wanted) {
        Exchange.Hijack conn = ex.hijack(attachment.tty() ? FrameWriter.RAW : FrameWriter.MULTIPLEXED);
        ex.onClose(attachment::close);
        if (stdin) {
            pumps.execute(() -> pumpStdin(conn.in(), attachment.stdin()));
        }
        FrameWriter frames = new FrameWriter(conn.out(), !attachment.tty(), false);
        try {
            Optional<LogEntry> e;
            while ((e = attachment.output().next()).isPresent()) {
                if (wanted.test(e.get())) {
                    frames.write(e.get());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "attach output ended: {0}", e.toString());
        } finally {
            attachment.close();
            try {
                conn.out().close();
            } catch (IOException ignored) {
                // the client is gone already
            }
        }
    }

    private static void pumpStdin(InputStream in, OutputStream stdin) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                stdin.write(buf, 0, n);
                stdin.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "attach stdin ended: {0}", e.toString());
        } finally {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // the process already closed its stdin
            }
        }
    }
}

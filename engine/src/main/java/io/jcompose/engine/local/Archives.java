package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.PathStat;
import io.jcompose.runtime.container.ContainerException;
import io.jcompose.runtime.container.ContainerRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code HEAD /archive}: the runtime resolves container paths safely only while copying, so the stat is the
 * first tar header of a copy that is cut off right after it.
 */
final class Archives {
    private Archives() {}

    /** Thrown by the capture stream once it holds a header: ends the copy early. */
    private static final class Enough extends IOException {
        private static final long serialVersionUID = 1L;

        Enough() {
            super("header captured");
        }
    }

    static PathStat stat(ContainerRuntime runtime, String id, String path) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        OutputStream capture = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                head.write(b, off, len);
                if (head.size() >= 512 && headerComplete(head.toByteArray())) {
                    throw new Enough();
                }
            }
        };
        try {
            runtime.copy(id).copyOut(path, capture);
        } catch (ContainerException e) {
            if (!(rootCause(e) instanceof Enough)) {
                if (e.kind() == ContainerException.Kind.NOT_FOUND) {
                    throw new EngineException.NotFound("Could not find the file " + path + " in container " + id);
                }
                throw e;
            }
        } catch (RuntimeException e) {
            if (!(rootCause(e) instanceof Enough)) {
                throw e;
            }
        }
        byte[] h = head.toByteArray();
        if (h.length < 512) {
            throw new EngineException.NotFound("Could not find the file " + path + " in container " + id);
        }
        return parse(h, path);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            if (c instanceof Enough) {
                return c;
            }
            c = c.getCause();
        }
        return c;
    }

    /** GNU long-name headers ('L') are followed by the real header; the stat needs that one. */
    private static boolean headerComplete(byte[] h) {
        int off = 0;
        while (off + 512 <= h.length) {
            byte type = h[off + 156];
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                long size = octal(h, off + 124, 12);
                off += 512 + (int) ((size + 511) / 512 * 512);
                continue;
            }
            return true;
        }
        return false;
    }

    private static PathStat parse(byte[] h, String path) {
        int off = 0;
        while (true) {
            byte type = h[off + 156];
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                long size = octal(h, off + 124, 12);
                off += 512 + (int) ((size + 511) / 512 * 512);
                continue;
            }
            break;
        }
        byte type = h[off + 156];
        long mode = octal(h, off + 100, 8) & 07777;
        long size = octal(h, off + 124, 12);
        long mtime = octal(h, off + 136, 12);
        String link = field(h, off + 157, 100);
        if (type == '5') {
            mode |= PathStat.MODE_DIR;
        } else if (type == '2') {
            mode |= PathStat.MODE_SYMLINK;
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String name = trimmed.equals("/") ? "/" : trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return new PathStat(name, type == '5' ? 4096 : size, mode, Instant.ofEpochSecond(mtime).toString(), link);
    }

    private static long octal(byte[] h, int off, int len) {
        String s = field(h, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }
}

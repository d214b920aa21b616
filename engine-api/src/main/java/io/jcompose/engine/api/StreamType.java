package io.jcompose.engine.api;

/** The stream a chunk of output belongs to; the ordinal is the first byte of Docker's multiplexing header. */
public enum StreamType {
    STDIN, STDOUT, STDERR;

    /** The header byte (0, 1, 2). */
    public int code() {
        return ordinal();
    }

    /** The stream of a header byte; 3 (Docker's "systemerr") is reported as STDERR. */
    public static StreamType ofCode(int code) {
        return switch (code) {
            case 0 -> STDIN;
            case 1 -> STDOUT;
            default -> STDERR;
        };
    }
}

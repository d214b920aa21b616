package io.jcompose.runtime.container;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random 64-hex-digit ids, like Docker's container and exec ids. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A new random id. */
    public static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

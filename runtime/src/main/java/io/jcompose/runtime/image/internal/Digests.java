package io.jcompose.runtime.image.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests in OCI form ({@code sha256:<64 hex>}). */
public final class Digests {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private Digests() {}

    /** A fresh SHA-256 digester. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** {@code sha256:} + hex of {@code data}'s digest. */
    public static String of(byte[] data) {
        return format(sha256().digest(data));
    }

    /** {@code sha256:} + hex of a finished digest. */
    public static String format(byte[] digest) {
        return "sha256:" + HexFormat.of().formatHex(digest);
    }

    /** Whether {@code text} is a well-formed sha256 digest. */
    public static boolean valid(String text) {
        return text != null && DIGEST.matcher(text).matches();
    }

    /** The hex part of a digest. */
    public static String hex(String digest) {
        return digest.substring("sha256:".length());
    }
}

package io.jcompose.model.internal.schema;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as Docker reads them: {@code 512m}, {@code 1.5g}, {@code 2GB}, {@code 1024} (binary units). */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kmgtp])?i?b?$");

    private ByteSize() {}

    /** Bytes of {@code text}, or empty when it is not a size. */
    public static OptionalLong parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
        try {
            BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
            return OptionalLong.of(bytes.longValue());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}

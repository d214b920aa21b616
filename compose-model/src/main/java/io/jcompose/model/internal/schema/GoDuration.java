package io.jcompose.model.internal.schema;

import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Compose reads them ({@code 1m30s}, {@code 1.5h}, {@code 2d}) and as Go prints them. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|μs|ms|s|m|h|d|w)");
    private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L,
            "d", 86_400_000_000_000L, "w", 604_800_000_000_000L);

    private GoDuration() {}

    /** Nanoseconds of {@code text}, or empty when it is not a duration. */
    public static OptionalLong parse(String text) {
        String t = text.strip();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.equals("0")) {
            return OptionalLong.of(0);
        }
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher m = PART.matcher(t);
        int end = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (m.find() && m.start() == end) {
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNITS.get(m.group(2)))));
            end = m.end();
        }
        if (end != t.length()) {
            return OptionalLong.empty();
        }
        long nanos = total.longValue();
        return OptionalLong.of(negative ? -nanos : nanos);
    }

    /** Go's {@code time.Duration.String()}: {@code 1h0m0s}, {@code 1m30s}, {@code 1.5s}, {@code 500ms}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long u = Math.abs(nanos);
        if (u < 1_000_000_000L) {
            if (u < 1_000L) {
                return sign + u + "ns";
            }
            if (u < 1_000_000L) {
                return sign + fraction(u, 1_000L) + "µs";
            }
            return sign + fraction(u, 1_000_000L) + "ms";
        }
        StringBuilder out = new StringBuilder(sign);
        long hours = u / 3_600_000_000_000L;
        long rest = u % 3_600_000_000_000L;
        long minutes = rest / 60_000_000_000L;
        long secondsNanos = rest % 60_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(fraction(secondsNanos, 1_000_000_000L)).append('s');
        return out.toString();
    }

    private static String fraction(long value, long unit) {
        return new BigDecimal(value).divide(new BigDecimal(unit)).stripTrailingZeros().toPlainString();
    }
}

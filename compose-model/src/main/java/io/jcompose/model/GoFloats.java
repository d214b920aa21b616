package io.jcompose.model;

import java.math.BigDecimal;

/** Formats numbers the way Go's {@code strconv.FormatFloat(f, 'g', -1, 32)} does, as Compose prints them. */
public final class GoFloats {
    private GoFloats() {}

    /** Shortest float32 text as go-yaml prints it: exponent form below 1e-4 and from 1e6. */
    public static String format(double value) {
        return format(value, -4, 6);
    }

    /** Shortest float32 text as Go's encoding/json prints it: exponent form below 1e-6 and from 1e21. */
    public static String formatJson(double value) {
        return format(value, -6, 21);
    }

    private static String format(double value, int minExp, int maxExp) {
        if (Double.isNaN(value)) {
            return ".nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? ".inf" : "-.inf";
        }
        float f = (float) value;
        if (f == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Float.toString(f)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp < minExp || exp >= maxExp) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String sign = d.signum() < 0 ? "-" : "";
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return d.toPlainString();
    }
}

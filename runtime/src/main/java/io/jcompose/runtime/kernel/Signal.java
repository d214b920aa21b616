package io.jcompose.runtime.kernel;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A POSIX signal by number, parsed the way Docker accepts it ({@code "SIGTERM"}, {@code "TERM"},
 * {@code "15"}), for stop signals and {@code docker kill --signal}.
 *
 * @param number the Linux x86-64 signal number
 * @param name   the name without the {@code SIG} prefix, e.g. "TERM"
 */
public record Signal(int number, String name) {
    private static final Map<String, Integer> NUMBERS = new TreeMap<>(Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16),
            Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
            Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28),
            Map.entry("IO", 29), Map.entry("PWR", 30), Map.entry("SYS", 31)));

    /** SIGTERM, Docker's default stop signal. */
    public static final Signal TERM = new Signal(15, "TERM");
    /** SIGKILL. */
    public static final Signal KILL = new Signal(9, "KILL");

    public Signal {
        if (number < 1 || number > 64) {
            throw new IllegalArgumentException("signal number out of range: " + number);
        }
    }

    /**
     * Parses "SIGTERM", "term", "15" or "SIGRTMIN+3".
     *
     * @throws IllegalArgumentException naming the value when it is no signal
     */
    public static Signal parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(t);
            String name = NUMBERS.entrySet().stream().filter(e -> e.getValue() == n)
                    .map(Map.Entry::getKey).findFirst().orElse(Integer.toString(n));
            return new Signal(n, name);
        }
        if (t.startsWith("RTMIN+")) {
            return new Signal(34 + Integer.parseInt(t.substring(6)), t);
        }
        Integer n = NUMBERS.get(t);
        if (n == null) {
            throw new IllegalArgumentException("invalid signal \"" + text + "\"");
        }
        return new Signal(n, t);
    }
}

package io.jcompose.runtime.container;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One more entry of the device cgroup allow-list ({@code docker run --device-cgroup-rule 'c 10:* rw'}), for
 * nodes the container makes itself (it may always mknod).
 *
 * @param type        "a" (any), "b" or "c"
 * @param major       the major number, -1 = any
 * @param minor       the minor number, -1 = any
 * @param permissions a non-empty subset of "rwm"
 */
public record DeviceRule(String type, int major, int minor, String permissions) {
    private static final Pattern RULE = Pattern.compile("([acb]) ([0-9]+|\\*):([0-9]+|\\*) ((?!.*(.).*\\5)[rwm]{1,3})");

    public DeviceRule {
        if (!type.matches("[acb]") || major < -1 || minor < -1 || !permissions.matches("(?!.*(.).*\\1)[rwm]{1,3}")) {
            throw new IllegalArgumentException("invalid device cgroup rule: " + type + " " + major + ":" + minor + " "
                    + permissions);
        }
    }

    /** Parses Docker's form, {@code TYPE MAJOR:MINOR PERMISSIONS} with {@code *} for any number. */
    public static DeviceRule parse(String rule) {
        Matcher m = RULE.matcher(rule);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid device cgroup rule format: '" + rule + "'");
        }
        return new DeviceRule(m.group(1), number(m.group(2)), number(m.group(3)), m.group(4));
    }

    private static int number(String s) {
        return s.equals("*") ? -1 : Integer.parseInt(s);
    }

    /** The rule as the v1 devices.allow file takes it. */
    public String line() {
        return type + " " + (major < 0 ? "*" : major) + ":" + (minor < 0 ? "*" : minor) + " " + permissions;
    }
}

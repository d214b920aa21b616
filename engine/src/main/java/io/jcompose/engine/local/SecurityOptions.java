package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code HostConfig.SecurityOpt} as Docker parses it ({@code key=value} or the legacy {@code key:value}).
 * What the engine can honour: {@code seccomp=unconfined}, {@code no-new-privileges[:true]} (the launcher sets
 * no_new_privs for every unprivileged container anyway), {@code label=disable} and, on a host without AppArmor
 * (where Docker ignores it too), {@code apparmor=...}. Anything else is a 400 naming the option.
 *
 * @param seccomp install the default seccomp filter
 */
record SecurityOptions(boolean seccomp) {
    private static final Path APPARMOR = Path.of("/sys/module/apparmor/parameters/enabled");

    static SecurityOptions parse(List<String> options) {
        return parse(options, hostHasAppArmor());
    }

    static SecurityOptions parse(List<String> options, boolean hostAppArmor) {
        boolean seccomp = true;
        for (String opt : options) {
            String[] kv = split(opt);
            String key = kv[0];
            String value = kv[1];
            switch (key) {
                case "seccomp" -> {
                    if (!value.equals("unconfined")) {
                        throw refused(opt, "custom seccomp profiles are not supported; the engine installs"
                                + " Docker's default filter or, with seccomp=unconfined, none");
                    }
                    seccomp = false;
                }
                case "no-new-privileges" -> {
                    if (value.equals("false")) {
                        throw refused(opt, "the jcompose engine always sets no_new_privs on unprivileged containers");
                    }
                    if (!value.isEmpty() && !value.equals("true")) {
                        throw new EngineException.BadRequest("invalid --security-opt 2: \"" + opt + "\"");
                    }
                }
                case "label" -> {
                    if (!value.equals("disable")) {
                        throw refused(opt, "the jcompose engine applies no SELinux labels; only label=disable is accepted");
                    }
                }
                case "apparmor" -> {
                    if (hostAppArmor && !value.equals("unconfined")) {
                        throw refused(opt, "the jcompose engine applies no AppArmor profiles");
                    }
                }
                default -> throw new EngineException.BadRequest("invalid --security-opt 1: \"" + opt + "\"");
            }
        }
        return new SecurityOptions(seccomp);
    }

    /** Docker's parseSecurityOpt: {@code no-new-privileges} alone, else {@code key=value} or {@code key:value}. */
    private static String[] split(String opt) {
        if (opt.equals("no-new-privileges")) {
            return new String[] {opt, "true"};
        }
        int eq = opt.indexOf('=');
        int colon = opt.indexOf(':');
        int at = eq >= 0 ? eq : colon;
        if (at <= 0) {
            throw new EngineException.BadRequest("invalid --security-opt 1: \"" + opt + "\"");
        }
        return new String[] {opt.substring(0, at), opt.substring(at + 1)};
    }

    private static EngineException refused(String opt, String why) {
        return new EngineException.BadRequest("HostConfig.SecurityOpt: \"" + abbreviate(opt) + "\" is not supported: " + why);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static boolean hostHasAppArmor() {
        try {
            return Files.readString(APPARMOR).strip().equals("Y");
        } catch (java.io.IOException absent) {
            return false;
        }
    }
}

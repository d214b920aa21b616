package io.jcompose.engine.api;

/** Docker's restart policy: {@code name} is "", "no", "always", "on-failure" or "unless-stopped". */
public record RestartPolicy(String name, int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    public RestartPolicy {
        name = Defaults.str(name);
    }

    /** Parses the CLI/compose form: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]}. */
    public static RestartPolicy parse(String text) {
        String[] parts = text.split(":", 2);
        int max = 0;
        if (parts.length == 2) {
            if (!parts[0].equals("on-failure")) {
                throw new IllegalArgumentException("restart policy \"" + text + "\": only on-failure takes a count");
            }
            try {
                max = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("restart policy \"" + text + "\": count is not a number");
            }
        }
        RestartPolicy policy = new RestartPolicy(parts[0], max);
        policy.check();
        return policy;
    }

    /** Throws {@link IllegalArgumentException} naming the policy when Docker would reject it. */
    public void check() {
        switch (name) {
            case "", "no", "always", "unless-stopped", "on-failure" -> { }
            default -> throw new IllegalArgumentException("invalid restart policy \"" + name + "\"");
        }
        if (maximumRetryCount < 0) {
            throw new IllegalArgumentException("maximum retry count cannot be negative");
        }
        if (maximumRetryCount > 0 && !name.equals("on-failure")) {
            throw new IllegalArgumentException("maximum retry count cannot be used with restart policy \"" + name + "\"");
        }
    }

    /** Whether this policy never restarts. */
    public boolean isNone() {
        return name.isEmpty() || name.equals("no");
    }
}

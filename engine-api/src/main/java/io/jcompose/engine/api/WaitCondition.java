package io.jcompose.engine.api;

/** The {@code condition} of a wait: not-running (default), next-exit, removed. */
public enum WaitCondition {
    NOT_RUNNING("not-running"), NEXT_EXIT("next-exit"), REMOVED("removed");

    private final String wire;

    WaitCondition(String wire) {
        this.wire = wire;
    }

    /** The spelling of the query parameter. */
    public String wire() {
        return wire;
    }

    /** Parses the query parameter; "" is not-running. */
    public static WaitCondition parse(String text) {
        if (text == null || text.isEmpty()) {
            return NOT_RUNNING;
        }
        for (WaitCondition c : values()) {
            if (c.wire.equals(text)) {
                return c;
            }
        }
        throw new EngineException.BadRequest("invalid condition: \"" + text + "\"");
    }
}

package io.jcompose.runtime.container;

import java.util.Locale;

/** Docker's State.Status values the runtime produces. */
public enum ContainerStatus {
    CREATED, RUNNING, PAUSED, EXITED;

    /** The lower-case name Docker uses ("running"). */
    public String dockerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.jcompose.runtime.container;

import java.util.Locale;

/** Mount propagation of a bind mount (BindOptions.Propagation); Docker's default is rprivate. */
public enum Propagation {
    PRIVATE, RPRIVATE, SHARED, RSHARED, SLAVE, RSLAVE;

    /** The launcher's and Docker's spelling: "rprivate". */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "rprivate", "shared", ... */
    public static Propagation parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid propagation mode \"" + text
                    + "\": use private, rprivate, shared, rshared, slave or rslave");
        }
    }
}

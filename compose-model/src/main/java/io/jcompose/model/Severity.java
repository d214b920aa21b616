package io.jcompose.model;

/** How bad a diagnostic is. */
public enum Severity {
    ERROR, WARNING;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.jcompose.model.internal.yaml;

import io.jcompose.model.SourceLocation;

/**
 * A scalar with its YAML 1.2 core-schema type: quoted scalars are always strings, plain ones may
 * be null, bool, int or float.
 */
public final class ScalarNode implements Node {
    /** The resolved YAML type of a scalar. */
    public enum Kind { STRING, INT, FLOAT, BOOL, NULL }

    private final SourceLocation location;
    private String tag;
    private final String value;
    private final Kind kind;

    public ScalarNode(SourceLocation location, String tag, String value, Kind kind) {
        this.location = location;
        this.tag = tag;
        this.value = value;
        this.kind = kind;
    }

    /** A string scalar. */
    public static ScalarNode string(SourceLocation location, String value) {
        return new ScalarNode(location, "", value, Kind.STRING);
    }

    /** A null scalar. */
    public static ScalarNode nullAt(SourceLocation location) {
        return new ScalarNode(location, "", "", Kind.NULL);
    }

    /** An integer scalar. */
    public static ScalarNode integer(SourceLocation location, long value) {
        return new ScalarNode(location, "", Long.toString(value), Kind.INT);
    }

    /** A boolean scalar. */
    public static ScalarNode bool(SourceLocation location, boolean value) {
        return new ScalarNode(location, "", Boolean.toString(value), Kind.BOOL);
    }

    @Override
    public SourceLocation location() {
        return location;
    }

    @Override
    public String tag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    /** The text as written (for null: the empty string). */
    public String value() {
        return value;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** The same scalar with new text and type, at the same place. */
    public ScalarNode with(String newValue, Kind newKind) {
        return new ScalarNode(location, tag, newValue, newKind);
    }

    @Override
    public ScalarNode copy() {
        return this;
    }

    @Override
    public String kindName() {
        return switch (kind) {
            case STRING -> "string";
            case INT, FLOAT -> "number";
            case BOOL -> "boolean";
            case NULL -> "null";
        };
    }
}

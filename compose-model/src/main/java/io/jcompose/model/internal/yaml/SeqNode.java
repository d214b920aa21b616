package io.jcompose.model.internal.yaml;

import io.jcompose.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** A sequence. */
public final class SeqNode implements Node {
    private final SourceLocation location;
    private String tag;
    private final List<Node> items;

    public SeqNode(SourceLocation location, String tag, List<Node> items) {
        this.location = location;
        this.tag = tag;
        this.items = new ArrayList<>(items);
    }

    public SeqNode(SourceLocation location) {
        this(location, "", List.of());
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

    /** The live items. */
    public List<Node> items() {
        return items;
    }

    @Override
    public SeqNode copy() {
        SeqNode out = new SeqNode(location, tag, List.of());
        items.forEach(i -> out.items.add(i.copy()));
        return out;
    }

    @Override
    public String kindName() {
        return "sequence";
    }
}

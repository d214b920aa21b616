package io.jcompose.model.internal.yaml;

import io.jcompose.model.SourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;

/** A mapping with string keys in document order, with the location of every key. */
public final class MapNode implements Node {
    private final SourceLocation location;
    private String tag;
    private final LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
    private final Map<String, SourceLocation> keyLocations = new LinkedHashMap<>();

    public MapNode(SourceLocation location, String tag) {
        this.location = location;
        this.tag = tag;
    }

    public MapNode(SourceLocation location) {
        this(location, "");
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

    /** The live entries; stages add, replace and remove through this map. */
    public LinkedHashMap<String, Node> entries() {
        return entries;
    }

    public Node get(String key) {
        return entries.get(key);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Puts {@code value} at {@code key}, remembering where the key was written. */
    public void put(String key, SourceLocation keyLocation, Node value) {
        entries.put(key, value);
        keyLocations.putIfAbsent(key, keyLocation);
    }

    /** Puts {@code value}, located at the value itself. */
    public void put(String key, Node value) {
        put(key, value.location(), value);
    }

    public Node remove(String key) {
        keyLocations.remove(key);
        return entries.remove(key);
    }

    /** Where {@code key} was written, or where this mapping starts. */
    public SourceLocation keyLocation(String key) {
        return keyLocations.getOrDefault(key, location);
    }

    /** The text of the scalar at {@code key}, or {@code null} when absent or not a scalar. */
    public String text(String key) {
        return entries.get(key) instanceof ScalarNode s && !s.isNull() ? s.value() : null;
    }

    @Override
    public MapNode copy() {
        MapNode out = new MapNode(location, tag);
        entries.forEach((k, v) -> out.put(k, keyLocation(k), v.copy()));
        return out;
    }

    @Override
    public String kindName() {
        return "mapping";
    }
}

package io.jcompose.runtime.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the launcher is told to do: an ordered list of entries, each a key and its values,
 * sent to the launcher as NUL-terminated strings (the format is described in docs/runtime.md
 * and parsed by {@code launcher/spec.c}). Built by the container code; the launcher decides
 * nothing the spec does not say.
 *
 * @param entries key followed by its values, in order
 */
public record LaunchSpec(List<List<String>> entries) {
    public LaunchSpec {
        entries = entries.stream().map(List::copyOf).toList();
        for (List<String> e : entries) {
            for (String s : e) {
                if (s.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("NUL byte in launcher spec value of \"" + e.get(0) + "\"");
                }
            }
        }
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The values of every entry with this key, in order (for tests and diagnostics). */
    public List<List<String>> values(String key) {
        return entries.stream().filter(e -> e.get(0).equals(key)).map(e -> e.subList(1, e.size())).toList();
    }

    /** The first value of the first entry with this key, or "" when absent. */
    public String first(String key) {
        return values(key).stream().findFirst().map(v -> v.get(0)).orElse("");
    }

    /** The bytes the launcher reads on its fd 0. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<String> e : entries) {
            for (String s : e) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    /** Collects entries in order. */
    public static final class Builder {
        private final List<List<String>> entries = new ArrayList<>();

        /** Adds one entry: {@code key value...}. */
        public Builder put(String key, String... values) {
            List<String> e = new ArrayList<>();
            e.add(key);
            e.addAll(List.of(values));
            entries.add(e);
            return this;
        }

        /** Adds {@code key value} once per value. */
        public Builder putEach(String key, List<String> values) {
            values.forEach(v -> put(key, v));
            return this;
        }

        public LaunchSpec build() {
            return new LaunchSpec(entries);
        }
    }
}

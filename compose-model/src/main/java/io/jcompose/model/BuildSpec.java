package io.jcompose.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How to build a service's image.
 *
 * @param context    the build context: an absolute directory or a remote URL
 * @param dockerfile the Dockerfile path relative to the context (when not inline)
 * @param dockerfileInline an inline Dockerfile, if given
 * @param args       build arguments that have a value
 * @param target     the stage to build, if any
 * @param tags       extra tags
 * @param labels     image labels
 */
public record BuildSpec(String context, String dockerfile, Optional<String> dockerfileInline,
                        Map<String, String> args, Optional<String> target, List<String> tags,
                        Map<String, String> labels) {
    public BuildSpec {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(dockerfileInline, "dockerfileInline");
        args = Collections.unmodifiableMap(new TreeMap<>(args));
        Objects.requireNonNull(target, "target");
        tags = List.copyOf(tags);
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}

package io.jcompose.runtime.container;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One mount the user asked for, applied after the image's rootfs and the default mounts and
 * before pivot_root, in list order. A named volume is a {@link BindMount} whose source is
 * the volume's directory.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = BindMount.class, name = "bind"),
        @JsonSubTypes.Type(value = TmpfsMount.class, name = "tmpfs")})
public sealed interface ContainerMount permits BindMount, TmpfsMount {

    /** The absolute path inside the container. */
    String target();

    /** Whether the container may not write to it. */
    boolean readOnly();

    /** Checks a target: absolute, no "..", not "/". */
    static String checkTarget(String target) {
        if (!target.startsWith("/") || target.equals("/")) {
            throw new IllegalArgumentException("mount target must be an absolute path other than /: \"" + target + "\"");
        }
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("mount target must not contain \"..\": \"" + target + "\"");
            }
        }
        if (target.indexOf(',') >= 0 || target.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("mount target contains a comma or NUL: \"" + target + "\"");
        }
        return target;
    }
}

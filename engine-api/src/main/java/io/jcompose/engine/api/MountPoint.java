package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code Mounts} in container inspect and list, as the docker CLI and docker-java read it. */
public record MountPoint(String type, String name, String source, String destination, String driver,
                         String mode, @JsonProperty("RW") boolean rw, String propagation) {
    public MountPoint {
        type = Defaults.str(type);
        name = Defaults.str(name);
        source = Defaults.str(source);
        destination = Defaults.str(destination);
        driver = Defaults.str(driver);
        mode = Defaults.str(mode);
        propagation = Defaults.str(propagation);
    }
}

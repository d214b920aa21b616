package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A port of a container summary: {@code publicPort} 0 when it is not published. */
public record Port(@JsonProperty("IP") String ip, int privatePort, int publicPort, String type) {
    public Port {
        ip = Defaults.str(ip);
        type = Defaults.str(type);
    }
}

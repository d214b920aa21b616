package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /version}: the engine's version, the API versions it speaks, the host. */
public record VersionInfo(Platform platform, List<Component> components, String version, String apiVersion,
                          @JsonProperty("MinAPIVersion") String minApiVersion, String gitCommit, String goVersion,
                          @JsonProperty("Os") String os, String arch, String kernelVersion, String buildTime) {
    public VersionInfo {
        platform = platform == null ? new Platform("") : platform;
        components = Defaults.list(components);
        version = Defaults.str(version);
        apiVersion = Defaults.str(apiVersion);
        minApiVersion = Defaults.str(minApiVersion);
        gitCommit = Defaults.str(gitCommit);
        goVersion = Defaults.str(goVersion);
        os = Defaults.str(os);
        arch = Defaults.str(arch);
        kernelVersion = Defaults.str(kernelVersion);
        buildTime = Defaults.str(buildTime);
    }

    /** {@code Platform}: the product name. */
    public record Platform(String name) {
        public Platform {
            name = Defaults.str(name);
        }
    }

    /** One component of the engine and its version. */
    public record Component(String name, String version, Map<String, String> details) {
        public Component {
            name = Defaults.str(name);
            version = Defaults.str(version);
            details = Defaults.map(details);
        }
    }
}

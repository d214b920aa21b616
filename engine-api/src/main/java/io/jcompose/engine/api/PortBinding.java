package io.jcompose.engine.api;

/** A published port: {@code hostIp} "" means every address, {@code hostPort} "" means any free port. */
public record PortBinding(String hostIp, String hostPort) {
    public PortBinding {
        hostIp = Defaults.str(hostIp);
        hostPort = Defaults.str(hostPort);
    }
}

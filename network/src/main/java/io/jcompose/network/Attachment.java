package io.jcompose.network;

import java.util.Objects;

/** One network to attach a container to when its namespace is made, see {@link Networking#createNamespace(String, java.util.List)}. */
public record Attachment(String network, EndpointRequest request) {

    public Attachment {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(request, "request");
    }
}

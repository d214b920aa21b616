package io.jcompose.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What goes into a container's {@code /etc/hosts}, {@code /etc/resolv.conf} and
 * {@code /etc/hostname}. {@code extraHosts} are {@code name:ip} or {@code name=ip}
 * ({@code host-gateway} as ip means {@code hostGateway}); {@code ownAddresses} are the
 * container's addresses that its hostname maps to. With {@code embeddedDns} resolv.conf names
 * 127.0.0.11 (the built-in DNS, which forwards to {@code dns} or the host's resolvers);
 * without it (network_mode host or none) it is the host's file with {@code dns},
 * {@code dns_search} and {@code dns_opt} applied.
 */
public record ContainerFilesSpec(String hostname, Optional<String> domainname, List<String> extraHosts,
                                 List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                                 List<String> ownAddresses, Optional<String> hostGateway, boolean embeddedDns) {

    public ContainerFilesSpec {
        Objects.requireNonNull(hostname, "hostname");
        extraHosts = List.copyOf(extraHosts);
        dns = List.copyOf(dns);
        dnsSearch = List.copyOf(dnsSearch);
        dnsOptions = List.copyOf(dnsOptions);
        ownAddresses = List.copyOf(ownAddresses);
    }

    /** A container on jcompose networks with nothing special configured. */
    public static ContainerFilesSpec of(String hostname, List<String> ownAddresses) {
        return new ContainerFilesSpec(hostname, Optional.empty(), List.of(), List.of(), List.of(), List.of(),
                ownAddresses, Optional.empty(), true);
    }

    public ContainerFilesSpec withExtraHosts(List<String> value) {
        return new ContainerFilesSpec(hostname, domainname, value, dns, dnsSearch, dnsOptions, ownAddresses,
                hostGateway, embeddedDns);
    }

    public ContainerFilesSpec withDns(List<String> servers, List<String> search, List<String> options) {
        return new ContainerFilesSpec(hostname, domainname, extraHosts, servers, search, options, ownAddresses,
                hostGateway, embeddedDns);
    }

    public ContainerFilesSpec withDomainname(String value) {
        return new ContainerFilesSpec(hostname, Optional.of(value), extraHosts, dns, dnsSearch, dnsOptions,
                ownAddresses, hostGateway, embeddedDns);
    }

    public ContainerFilesSpec withHostGateway(String value) {
        return new ContainerFilesSpec(hostname, domainname, extraHosts, dns, dnsSearch, dnsOptions, ownAddresses,
                Optional.of(value), embeddedDns);
    }

    public ContainerFilesSpec withEmbeddedDns(boolean value) {
        return new ContainerFilesSpec(hostname, domainname, extraHosts, dns, dnsSearch, dnsOptions, ownAddresses,
                hostGateway, value);
    }
}

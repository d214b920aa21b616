package io.jcompose.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What goes into a container's {@code /etc/hosts}, {@code /etc/resolv.conf} and
 * {@code /etc/hostname}. {@code extraHosts} are {@code name:ip} or {@code name=ip}
 * ({@code host-gateway} as ip means {@code hostGateway}); {@code ownAddresses} are the
 * container's addresses that its hostname maps to; {@code resolver} says what resolv.conf names,
 * with {@code dns}, {@code dns_search} and {@code dns_opt} applied.
 */
public record ContainerFilesSpec(String hostname, Optional<String> domainname, List<String> extraHosts,
                                 List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                                 List<String> ownAddresses, Optional<String> hostGateway, Resolver resolver) {

    /** Which name servers a container's resolv.conf lists, as Docker decides it. */
    public enum Resolver {
        /** 127.0.0.11, the built-in DNS (forwarding to {@code dns} or the host's resolvers): user-defined networks. */
        EMBEDDED,
        /** The host's servers as they are: network_mode host. */
        HOST,
        /**
         * The host's servers without loopback ones (unreachable from another netns) and, unless the container has
         * an IPv6 address, without IPv6 ones; Google's public servers when none is left: the default bridge and
         * network_mode none.
         */
        HOST_FILTERED
    }

    public ContainerFilesSpec {
        Objects.requireNonNull(hostname, "hostname");
        extraHosts = List.copyOf(extraHosts);
        dns = List.copyOf(dns);
        dnsSearch = List.copyOf(dnsSearch);
        dnsOptions = List.copyOf(dnsOptions);
        ownAddresses = List.copyOf(ownAddresses);
        Objects.requireNonNull(resolver, "resolver");
    }

    /** Whether the built-in DNS serves this container. */
    public boolean embeddedDns() {
        return resolver == Resolver.EMBEDDED;
    }

    /** A container on jcompose networks with nothing special configured. */
    public static ContainerFilesSpec of(String hostname, List<String> ownAddresses) {
        return new ContainerFilesSpec(hostname, Optional.empty(), List.of(), List.of(), List.of(), List.of(),
                ownAddresses, Optional.empty(), Resolver.EMBEDDED);
    }

    public ContainerFilesSpec withExtraHosts(List<String> value) {
        return new ContainerFilesSpec(hostname, domainname, value, dns, dnsSearch, dnsOptions, ownAddresses,
                hostGateway, resolver);
    }

    public ContainerFilesSpec withDns(List<String> servers, List<String> search, List<String> options) {
        return new ContainerFilesSpec(hostname, domainname, extraHosts, servers, search, options, ownAddresses,
                hostGateway, resolver);
    }

    public ContainerFilesSpec withDomainname(String value) {
        return new ContainerFilesSpec(hostname, Optional.of(value), extraHosts, dns, dnsSearch, dnsOptions,
                ownAddresses, hostGateway, resolver);
    }

    public ContainerFilesSpec withHostGateway(String value) {
        return new ContainerFilesSpec(hostname, domainname, extraHosts, dns, dnsSearch, dnsOptions, ownAddresses,
                Optional.of(value), resolver);
    }

    public ContainerFilesSpec withResolver(Resolver value) {
        return new ContainerFilesSpec(hostname, domainname, extraHosts, dns, dnsSearch, dnsOptions, ownAddresses,
                hostGateway, value);
    }
}

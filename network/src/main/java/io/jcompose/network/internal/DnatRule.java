package io.jcompose.network.internal;

import io.jcompose.network.Protocol;

/**
 * One published IPv4 port as a NAT rule: traffic for {@code hostIp:hostPort} (hostIp
 * {@code 0.0.0.0} = any local address) goes to {@code containerIp:containerPort} on {@code bridge}.
 */
public record DnatRule(String hostIp, int hostPort, Protocol protocol, String containerIp, int containerPort,
                       String bridge) {}

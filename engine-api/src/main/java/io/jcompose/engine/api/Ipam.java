package io.jcompose.engine.api;

import java.util.List;
import java.util.Map;

/** {@code IPAM} of a network: driver ("default") and the address pools. */
public record Ipam(String driver, List<Pool> config, Map<String, String> options) {
    public Ipam {
        driver = Defaults.str(driver);
        config = Defaults.list(config);
        options = Defaults.map(options);
    }

    /** One pool: subnet (CIDR), ip range, gateway, and named addresses never handed out to containers. */
    public record Pool(String subnet, @com.fasterxml.jackson.annotation.JsonProperty("IPRange") String ipRange,
                       String gateway, Map<String, String> auxiliaryAddresses) {
        public Pool {
            subnet = Defaults.str(subnet);
            ipRange = Defaults.str(ipRange);
            gateway = Defaults.str(gateway);
            auxiliaryAddresses = Defaults.map(auxiliaryAddresses);
        }
    }
}

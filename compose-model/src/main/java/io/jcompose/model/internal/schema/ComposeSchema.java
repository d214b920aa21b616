package io.jcompose.model.internal.schema;

import static io.jcompose.model.internal.schema.Shape.dict;
import static io.jcompose.model.internal.schema.Shape.f;
import static io.jcompose.model.internal.schema.Shape.jsonAlways;
import static io.jcompose.model.internal.schema.Shape.keep;
import static io.jcompose.model.internal.schema.Shape.list;
import static io.jcompose.model.internal.schema.Shape.nullableDict;
import static io.jcompose.model.internal.schema.Shape.obj;
import static io.jcompose.model.internal.schema.Shape.s;

import io.jcompose.model.internal.schema.Shape.Type;

/**
 * Every attribute of the Compose specification in canonical (long) form, in the order
 * {@code docker compose config} prints them, with the types Compose converts them to.
 */
public final class ComposeSchema {
    private ComposeSchema() {}

    static final Shape STR = s(Type.STR);
    static final Shape TEXT = s(Type.TEXT);
    static final Shape INT = s(Type.INT);
    static final Shape BOOL = s(Type.BOOL);
    static final Shape FLOAT = s(Type.FLOAT);
    static final Shape DURATION = s(Type.DURATION);
    static final Shape BYTES = s(Type.BYTES);
    static final Shape STRINGS = list(STR);
    static final Shape LABELS = dict(TEXT);

    static final Shape ULIMITS = dict(new Shape.Ulimit());

    static final Shape DEVICE_REQUEST = obj("device request",
            f("capabilities", STRINGS), f("driver", STR), f("count", s(Type.STR_OR_INT)),
            f("device_ids", STRINGS), f("options", LABELS));

    static final Shape HOOK = obj("hook",
            new Shape.Field("command", s(Type.COMMAND), true, true), f("image", STR), f("user", STR), f("privileged", BOOL),
            f("working_dir", STR), f("environment", nullableDict(TEXT)), f("per_replica", BOOL));

    static final Shape FILE_MOUNT = obj("file reference",
            f("source", STR), f("target", STR), f("uid", STR), f("gid", STR), keep("mode", s(Type.FILE_MODE)));

    static final Shape BUILD = obj("build",
            f("context", STR), f("dockerfile", STR), f("dockerfile_inline", STR), f("entitlements", STRINGS),
            f("args", nullableDict(TEXT)), f("provenance", TEXT), f("sbom", TEXT), f("ssh", STRINGS),
            f("labels", LABELS), f("cache_from", STRINGS), f("cache_to", STRINGS), f("no_cache", BOOL),
            f("no_cache_filter", STRINGS), f("additional_contexts", LABELS), f("pull", BOOL),
            f("extra_hosts", new Shape.Hosts()), f("isolation", STR), f("network", STR), f("target", STR),
            f("secrets", list(FILE_MOUNT)), f("shm_size", BYTES), f("tags", STRINGS), f("ulimits", ULIMITS),
            f("platforms", STRINGS), f("privileged", BOOL));

    static final Shape WATCH = obj("watch",
            keep("path", STR), keep("action", STR), f("target", STR), f("exec", HOOK),
            f("include", STRINGS), f("ignore", STRINGS), f("initial_sync", BOOL));

    static final Shape DEVELOP = obj("develop", f("watch", list(WATCH)));

    static final Shape THROTTLE = obj("throttle device", f("path", STR), f("rate", BYTES));

    static final Shape BLKIO = obj("blkio_config",
            f("weight", INT), f("weight_device", list(obj("weight device", f("path", STR), f("weight", INT)))),
            f("device_read_bps", list(THROTTLE)), f("device_read_iops", list(THROTTLE)),
            f("device_write_bps", list(THROTTLE)), f("device_write_iops", list(THROTTLE)));

    static final Shape UPDATE = obj("update_config",
            keep("parallelism", INT), f("delay", DURATION), f("failure_action", STR), f("monitor", DURATION),
            f("max_failure_ratio", FLOAT), f("order", STR));

    static final Shape RESOURCE = obj("resource",
            f("cpus", s(Type.CPUS)), f("memory", BYTES), f("pids", INT), f("devices", list(DEVICE_REQUEST)),
            f("generic_resources", list(obj("generic resource",
                    f("discrete_resource_spec", obj("discrete resource spec", f("kind", STR), f("value", INT)))))));

    static final Shape DEPLOY = obj("deploy",
            f("mode", STR), keep("replicas", INT), f("labels", LABELS), f("update_config", UPDATE),
            f("rollback_config", UPDATE),
            jsonAlways("resources", obj("resources", f("limits", RESOURCE), f("reservations", RESOURCE))),
            f("restart_policy", obj("restart_policy", f("condition", STR), keep("delay", DURATION),
                    keep("max_attempts", INT), keep("window", DURATION))),
            jsonAlways("placement", obj("placement", f("constraints", STRINGS),
                    f("preferences", list(obj("preference", f("spread", STR)))),
                    f("max_replicas_per_node", INT))),
            f("endpoint_mode", STR));

    static final Shape HEALTHCHECK = obj("healthcheck",
            f("test", s(Type.HEALTH_TEST)), keep("timeout", DURATION), keep("interval", DURATION),
            keep("retries", INT), keep("start_period", DURATION), keep("start_interval", DURATION),
            f("disable", BOOL));

    static final Shape PORT = obj("port",
            f("name", STR), f("mode", STR), f("host_ip", STR), f("target", INT), f("published", TEXT),
            f("protocol", STR), f("app_protocol", STR));

    static final Shape SERVICE_VOLUME = obj("volume",
            f("type", STR), f("source", STR), f("target", STR), f("read_only", BOOL), f("consistency", STR),
            keep("bind", obj("bind", f("selinux", STR), f("propagation", STR), f("create_host_path", BOOL),
                    f("recursive", STR))),
            keep("volume", obj("volume options", f("labels", LABELS), f("nocopy", BOOL), f("subpath", STR))),
            keep("tmpfs", obj("tmpfs", f("size", BYTES), f("mode", s(Type.OCTAL_INT)))),
            keep("image", obj("image", f("subpath", STR))));

    static final Shape SERVICE_NETWORK = obj("service network",
            f("aliases", STRINGS), f("driver_opts", LABELS), f("gw_priority", INT), f("interface_name", STR),
            f("ipv4_address", STR), f("ipv6_address", STR), f("link_local_ips", STRINGS), f("mac_address", STR),
            f("priority", INT));

    static final Shape DEPENDENCY = obj("dependency",
            f("condition", STR), f("restart", BOOL), new Shape.Field("required", BOOL, true, true));

    /** A service, in the order Compose prints its attributes. */
    public static final Shape SERVICE = obj("service",
            f("profiles", STRINGS), f("annotations", LABELS), keep("attach", BOOL), keep("build", BUILD),
            keep("develop", DEVELOP), keep("blkio_config", BLKIO), f("cap_add", STRINGS), f("cap_drop", STRINGS),
            f("cgroup_parent", STR), f("cgroup", STR), f("cpu_count", INT), f("cpu_percent", FLOAT),
            f("cpu_period", INT), f("cpu_quota", INT), f("cpu_rt_period", INT), f("cpu_rt_runtime", INT),
            f("cpus", s(Type.CPUS)), f("cpuset", STR), f("cpu_shares", INT),
            new Shape.Field("command", s(Type.COMMAND), true, true), f("configs", list(FILE_MOUNT)), f("container_name", STR),
            keep("credential_spec", obj("credential_spec", f("config", STR), f("file", STR), f("registry", STR))),
            f("depends_on", dict(DEPENDENCY)), keep("deploy", DEPLOY), f("device_cgroup_rules", STRINGS),
            f("devices", list(obj("device", f("source", STR), f("target", STR), f("permissions", STR)))),
            f("dns", STRINGS), f("dns_opt", STRINGS), f("dns_search", STRINGS), f("dockerfile", STR),
            f("domainname", STR), new Shape.Field("entrypoint", s(Type.COMMAND), true, true),
            keep("provider", obj("provider", f("type", STR), f("options", dict(new Shape.Any())))),
            f("environment", nullableDict(TEXT)),
            f("env_file", list(obj("env_file", f("path", STR), f("required", BOOL), f("format", STR)))),
            f("expose", list(TEXT)), keep("extends", obj("extends", f("file", STR), f("service", STR))),
            f("external_links", STRINGS), f("extra_hosts", new Shape.Hosts()), f("group_add", list(TEXT)),
            f("gpus", list(DEVICE_REQUEST)), f("hostname", STR), keep("healthcheck", HEALTHCHECK),
            f("image", STR), keep("init", BOOL), f("ipc", STR), f("isolation", STR), f("labels", LABELS),
            f("label_file", STRINGS), f("links", STRINGS),
            keep("logging", obj("logging", f("driver", STR), f("options", LABELS))),
            f("log_driver", STR), f("log_opt", LABELS), f("mem_limit", BYTES), f("mem_reservation", BYTES),
            f("memswap_limit", BYTES), f("mem_swappiness", BYTES), f("mac_address", STR),
            f("models", nullableDict(obj("service model", f("endpoint_var", STR), f("model_var", STR)))),
            f("net", STR), f("network_mode", STR), f("networks", nullableDict(SERVICE_NETWORK)),
            f("oom_kill_disable", BOOL), f("oom_score_adj", INT), f("pid", STR), f("pids_limit", INT),
            f("platform", STR), f("ports", list(PORT)), f("privileged", BOOL), f("pull_policy", STR),
            f("pull_refresh_after", STR), f("read_only", BOOL), f("restart", STR), f("runtime", STR),
            keep("scale", INT), f("secrets", list(FILE_MOUNT)), f("security_opt", STRINGS), f("shm_size", BYTES),
            f("stdin_open", BOOL), keep("stop_grace_period", DURATION), f("stop_signal", STR),
            f("storage_opt", LABELS), f("sysctls", LABELS), f("tmpfs", STRINGS), f("tty", BOOL),
            f("ulimits", ULIMITS), f("use_api_socket", BOOL), f("user", STR), f("userns_mode", STR),
            f("uts", STR), f("volume_driver", STR), f("volumes", list(SERVICE_VOLUME)),
            f("volumes_from", STRINGS), f("working_dir", STR), f("pre_start", list(HOOK)),
            f("post_start", list(HOOK)), f("pre_stop", list(HOOK)));

    /** A top-level network. */
    public static final Shape NETWORK = obj("network",
            f("name", STR), f("driver", STR), f("driver_opts", LABELS),
            jsonAlways("ipam", obj("ipam", f("driver", STR),
                    f("config", list(obj("ipam pool", f("subnet", STR), f("gateway", STR), f("ip_range", STR),
                            f("aux_addresses", LABELS)))),
                    f("options", LABELS))),
            f("external", BOOL), f("internal", BOOL), f("attachable", BOOL), f("labels", LABELS),
            keep("enable_ipv4", BOOL), keep("enable_ipv6", BOOL));

    /** A top-level volume. */
    public static final Shape VOLUME = obj("volume",
            f("name", STR), f("driver", STR), f("driver_opts", LABELS), f("external", BOOL), f("labels", LABELS));

    /** A top-level secret or config. */
    public static final Shape FILE_OBJECT = obj("file object",
            f("name", STR), f("file", STR), f("environment", STR), f("content", STR), f("external", BOOL),
            f("labels", LABELS), f("driver", STR), f("driver_opts", LABELS), f("template_driver", STR));

    /** A top-level model. */
    public static final Shape MODEL = obj("model",
            f("name", STR), f("model", STR), f("context_size", INT), f("runtime_flags", STRINGS));
}

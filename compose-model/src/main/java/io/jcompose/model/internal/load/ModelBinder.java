package io.jcompose.model.internal.load;

import io.jcompose.model.BuildSpec;
import io.jcompose.model.Dependency;
import io.jcompose.model.FileObjectSpec;
import io.jcompose.model.Healthcheck;
import io.jcompose.model.IpamPool;
import io.jcompose.model.NetworkSpec;
import io.jcompose.model.VolumeSpec;
import io.jcompose.model.PortSpec;
import io.jcompose.model.ServiceNetwork;
import io.jcompose.model.ServiceSpec;
import io.jcompose.model.Value;
import io.jcompose.model.VolumeMount;
import io.jcompose.model.internal.schema.GoDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a canonical, validated service value to a {@link ServiceSpec}. Input is already checked by
 * the coercer, so binding cannot fail on user input.
 */
public final class ModelBinder {
    private ModelBinder() {}

    /** The record of service {@code name}. */
    public static ServiceSpec service(String name, Value.Dict s) {
        Map<String, String> env = new LinkedHashMap<>();
        s.dict("environment").ifPresent(d -> d.entries().forEach((k, v) -> v.scalarText().ifPresent(t -> env.put(k, t))));
        Map<String, Dependency> deps = new LinkedHashMap<>();
        s.dict("depends_on").ifPresent(d -> d.entries().forEach((k, v) -> {
            Value.Dict dep = (Value.Dict) v;
            deps.put(k, new Dependency(dep.string("condition").orElse("service_started"),
                    bool(dep, "restart"), dep.get("required").map(ModelBinder::isTrue).orElse(true)));
        }));
        Map<String, ServiceNetwork> nets = new LinkedHashMap<>();
        s.dict("networks").ifPresent(d -> d.entries().forEach((k, v) -> {
            Value.Dict n = v instanceof Value.Dict nd ? nd : new Value.Dict(Map.of(), true);
            nets.put(k, new ServiceNetwork(Value.strings(n.seq("aliases")), n.string("ipv4_address"),
                    n.string("ipv6_address"), n.string("priority").map(Integer::parseInt).orElse(0)));
        }));
        int scale = s.dict("deploy").flatMap(d -> d.string("replicas")).or(() -> s.string("scale"))
                .map(Integer::parseInt).orElse(1);
        return new ServiceSpec(name, s.string("image"), s.dict("build").map(ModelBinder::build),
                s.get("command").filter(Value.Seq.class::isInstance).map(v -> Value.strings(((Value.Seq) v).items())),
                s.get("entrypoint").filter(Value.Seq.class::isInstance).map(v -> Value.strings(((Value.Seq) v).items())),
                env, s.seq("ports").stream().filter(Value.Dict.class::isInstance).map(p -> port((Value.Dict) p)).toList(),
                s.seq("volumes").stream().filter(Value.Dict.class::isInstance).map(v -> mount((Value.Dict) v)).toList(),
                deps, nets, s.string("network_mode"), s.dict("healthcheck").map(ModelBinder::healthcheck),
                s.string("restart"), strings(s.dict("labels")), Value.strings(s.seq("profiles")),
                s.string("container_name"), s.string("hostname"), s.string("user"), s.string("working_dir"),
                s.string("stop_signal"), s.string("stop_grace_period").map(ModelBinder::duration), Math.max(scale, 0), s);
    }

    /** A top-level network. */
    public static NetworkSpec network(Value.Dict n) {
        List<IpamPool> pools = n.dict("ipam").map(i -> i.seq("config")).orElse(List.of()).stream()
                .filter(Value.Dict.class::isInstance).map(Value.Dict.class::cast)
                .map(p -> new IpamPool(p.string("subnet"), p.string("gateway"), p.string("ip_range"))).toList();
        return new NetworkSpec(n.string("name").orElse(""), n.string("driver"), strings(n.dict("driver_opts")),
                bool(n, "external"), bool(n, "internal"), bool(n, "attachable"),
                n.get("enable_ipv6").filter(Value.Bool.class::isInstance).map(v -> ((Value.Bool) v).value()),
                strings(n.dict("labels")), pools, n);
    }

    /** A top-level volume. */
    public static VolumeSpec volume(Value.Dict v) {
        return new VolumeSpec(v.string("name").orElse(""), v.string("driver"), strings(v.dict("driver_opts")),
                bool(v, "external"), strings(v.dict("labels")), v);
    }

    /** A top-level secret or config. */
    public static FileObjectSpec fileObject(Value.Dict f) {
        return new FileObjectSpec(f.string("name").orElse(""), f.string("file"), f.string("environment"),
                f.string("content"), bool(f, "external"), f);
    }

    private static BuildSpec build(Value.Dict b) {
        Map<String, String> args = new LinkedHashMap<>();
        b.dict("args").ifPresent(d -> d.entries().forEach((k, v) -> v.scalarText().ifPresent(t -> args.put(k, t))));
        return new BuildSpec(b.string("context").orElse("."), b.string("dockerfile").orElse("Dockerfile"),
                b.string("dockerfile_inline"), args, b.string("target"), Value.strings(b.seq("tags")),
                strings(b.dict("labels")));
    }

    private static PortSpec port(Value.Dict p) {
        return new PortSpec(p.string("host_ip"), p.string("published"),
                p.string("target").map(Integer::parseInt).orElse(0), p.string("protocol").orElse("tcp"),
                p.string("mode").orElse("ingress"));
    }

    private static VolumeMount mount(Value.Dict v) {
        Optional<Value.Dict> bind = v.dict("bind");
        return new VolumeMount(v.string("type").orElse("volume"), v.string("source"), v.string("target").orElse(""),
                bool(v, "read_only"), bind.map(b -> bool(b, "create_host_path")).orElse(false),
                v.dict("volume").map(x -> bool(x, "nocopy")).orElse(false),
                v.dict("volume").flatMap(x -> x.string("subpath")).or(() -> v.dict("image").flatMap(x -> x.string("subpath"))),
                v.dict("tmpfs").flatMap(t -> t.string("size")).map(Long::parseLong));
    }

    private static Healthcheck healthcheck(Value.Dict h) {
        return new Healthcheck(Value.strings(h.seq("test")), h.string("interval").map(ModelBinder::duration),
                h.string("timeout").map(ModelBinder::duration), h.string("start_period").map(ModelBinder::duration),
                h.string("start_interval").map(ModelBinder::duration),
                h.string("retries").map(Integer::parseInt), bool(h, "disable"));
    }

    private static Duration duration(String go) {
        return Duration.ofNanos(GoDuration.parse(go).orElse(0));
    }

    private static boolean bool(Value.Dict d, String key) {
        return d.get(key).map(ModelBinder::isTrue).orElse(false);
    }

    private static boolean isTrue(Value v) {
        return v instanceof Value.Bool b && b.value();
    }

    private static Map<String, String> strings(Optional<Value.Dict> d) {
        Map<String, String> out = new LinkedHashMap<>();
        d.ifPresent(x -> x.entries().forEach((k, v) -> out.put(k, v.scalarText().orElse(""))));
        return out;
    }

    static List<String> names(Optional<Value.Dict> d) {
        return d.map(x -> List.copyOf(x.entries().keySet())).orElse(List.of());
    }
}

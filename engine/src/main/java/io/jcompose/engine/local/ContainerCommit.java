package io.jcompose.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.Event;
import io.jcompose.engine.api.json.Json;
import io.jcompose.runtime.image.Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /commit}: the container's image layers plus one layer made from its overlay upper directory (the
 * image store's {@link io.jcompose.runtime.image.ImageStore#create}), frozen meanwhile if it runs
 * (even with {@code pause=false}, see {@link LocalEngine#frozenWhile}). The new config is moby's: the body's config with the {@code changes} applied
 * ({@link CommitChanges}), then {@link #merge merged} with the container's config (its create request merged with
 * its image's config, as Docker's create does); the history gains an entry with the container's command, the
 * comment and the author; {@code container} and {@code container_config} name the source, as in Docker's configs.
 */
final class ContainerCommit {
    /** What the runtime mounts over or creates as mount points; Docker keeps them in its init layer, not in commits. */
    static final Set<String> MOUNT_POINTS = Set.of("dev", "proc", "sys", ".dockerenv", "etc/hosts", "etc/hostname",
            "etc/resolv.conf", "etc/mtab");

    private ContainerCommit() {}

    static String commit(LocalEngine e, io.jcompose.engine.api.ContainerCommit request) {
        ContainerMeta m = e.meta(request.container());
        Image parent = e.images.find(m.imageId()).orElseThrow(() -> new EngineException.NotFound(
                "No such image: " + m.imageId() + " (the image of container " + m.name() + ")"));
        byte[] parentBlob = e.images.configBlob(parent);
        JsonNode parentConfig = read(parentBlob).path("config");
        ObjectNode containerConfig = Json.api().valueToTree(m.request().config());
        merge(containerConfig, parentConfig);
        ObjectNode config = request.config().map(c -> (ObjectNode) Json.api().valueToTree(c))
                .orElseGet(JsonNodeFactory.instance::objectNode);
        CommitChanges.apply(config, request.changes());
        merge(config, containerConfig);
        Optional<String> tag = request.repo().isEmpty() ? Optional.empty()
                : Optional.of(request.repo() + (request.tag().isEmpty() ? "" : ":" + request.tag()));
        // frozen even with pause=false (Docker's --pause=false): see LocalEngine.frozenWhile
        Image image = e.frozenWhile(m.id(), () -> e.images.create(e.runtime.upperDir(m.id()), MOUNT_POINTS,
                diffId -> blob(parentBlob, diffId, config, containerConfig, m.id(), request), tag));
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("comment", request.comment());
        attrs.put("imageID", image.id());
        attrs.put("imageRef", image.repoTags().isEmpty() ? image.id() : image.repoTags().get(0));
        e.emit("commit", m, attrs);
        image.repoTags().forEach(t -> e.events.publish(Event.of("image", "tag", image.id(), Map.of("name", t))));
        return image.id();
    }

    /** The new image's config blob: the parent's with the new config, layer and history entry. */
    static byte[] blob(byte[] parentBlob, String diffId, ObjectNode config, ObjectNode containerConfig,
                       String containerId, io.jcompose.engine.api.ContainerCommit request) {
        ObjectNode blob = (ObjectNode) read(parentBlob);
        blob.remove(List.of("id", "parent", "author", "comment", "container", "container_config", "docker_version"));
        String now = Instant.now().toString();
        blob.put("created", now);
        if (!request.author().isEmpty()) {
            blob.put("author", request.author());
        }
        if (!request.comment().isEmpty()) {
            blob.put("comment", request.comment());
        }
        blob.put("container", containerId);
        blob.set("container_config", containerConfig);
        blob.set("config", config);
        JsonNode rootfs = blob.path("rootfs");
        ObjectNode fs = rootfs instanceof ObjectNode o ? o : blob.putObject("rootfs").put("type", "layers");
        (fs.get("diff_ids") instanceof ArrayNode a ? a : fs.putArray("diff_ids")).add(diffId);
        ObjectNode step = (blob.get("history") instanceof ArrayNode h ? h : blob.putArray("history")).addObject();
        step.put("created", now);
        if (!request.author().isEmpty()) {
            step.put("author", request.author());
        }
        List<String> cmd = new ArrayList<>();
        containerConfig.path("Cmd").forEach(c -> cmd.add(c.asText()));
        step.put("created_by", String.join(" ", cmd));
        if (!request.comment().isEmpty()) {
            step.put("comment", request.comment());
        }
        try {
            return Json.api().writeValueAsBytes(blob);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * moby's merge of a user config with a base (image or container) config, in place: what the user left empty
     * comes from the base (a healthcheck field by field); env, labels, exposed ports and volumes are unions where the
 * user's entries win; the
     * base's Cmd only when the user set neither Cmd nor Entrypoint, its Entrypoint only when the user's is unset
     * (an empty Entrypoint stays empty).
     */
    static void merge(ObjectNode user, JsonNode base) {
        for (String key : List.of("User", "WorkingDir", "StopSignal", "Healthcheck")) {
            if (size(user.get(key)) == 0) {
                copy(user, base, key);
            }
        }
        if (user.get("Healthcheck") instanceof ObjectNode h && base.get("Healthcheck") instanceof ObjectNode b) {
            for (String key : List.of("Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")) {
                if (size(h.get(key)) == 0 || h.get(key).asLong(1) == 0) {
                    copy(h, b, key);
                }
            }
        }
        for (String key : List.of("ExposedPorts", "Labels", "Volumes")) {
            if (size(user.get(key)) == 0) {
                copy(user, base, key);
            } else if (base.get(key) instanceof ObjectNode b) {
                ObjectNode u = (ObjectNode) user.get(key);
                for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (!u.has(f.getKey())) {
                        u.set(f.getKey(), f.getValue());
                    }
                }
            }
        }
        if (size(user.get("Env")) == 0) {
            copy(user, base, "Env");
        } else {
            Set<String> keys = new HashSet<>();
            user.get("Env").forEach(v -> keys.add(v.asText().split("=", 2)[0]));
            for (JsonNode v : base.path("Env")) {
                if (!keys.contains(v.asText().split("=", 2)[0])) {
                    ((ArrayNode) user.get("Env")).add(v.asText());
                }
            }
        }
        if (size(user.get("Entrypoint")) == 0) {
            if (size(user.get("Cmd")) == 0) {
                copy(user, base, "Cmd");
            }
            if (user.get("Entrypoint") == null || user.get("Entrypoint").isNull()) {
                copy(user, base, "Entrypoint");
            }
        }
    }

    private static void copy(ObjectNode user, JsonNode base, String key) {
        JsonNode v = base.get(key);
        if (v != null && !v.isNull()) {
            user.set(key, v.deepCopy());
        }
    }

    private static int size(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        return n.isTextual() ? n.asText().length() : n.isContainerNode() ? n.size() : 1;
    }

    private static JsonNode read(byte[] json) {
        try {
            return Json.api().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

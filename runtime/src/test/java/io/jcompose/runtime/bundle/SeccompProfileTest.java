package io.jcompose.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.json.Json;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {
    private static final Path C_SOURCE = Path.of("launcher/seccomp_default.c");

    /** The names of one {@code static const char *const NAME[] = { ..., NULL };} table. */
    private static List<String> cTable(String source, String name) {
        Matcher m = Pattern.compile("static const char \\*const " + name + "\\[\\] = \\{(.*?)NULL\\s*\\};", Pattern.DOTALL)
                .matcher(source);
        assertThat(m.find()).as("table " + name + " in " + C_SOURCE).isTrue();
        List<String> names = new ArrayList<>();
        Matcher q = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
        while (q.find()) {
            names.add(q.group(1));
        }
        return names;
    }

    @Test
    void listsTheSameCallsAsTheLaunchersFilter() throws Exception {
        String source = Files.readString(C_SOURCE);
        SeccompProfile.ALWAYS.forEach((group, names) -> assertThat(names).as(group).isEqualTo(cTable(source, group)));
        SeccompProfile.BY_CAPABILITY.forEach((cap, names) -> assertThat(names).as(cap)
                .isEqualTo(cTable(source, "with_" + cap.toLowerCase(java.util.Locale.ROOT))));
        assertThat(SeccompProfile.TRACING).isEqualTo(cTable(source, "tracing"));
        assertThat(source).contains("\"arch_prctl\", \"modify_ldt\",")
                .contains("#define JC_NAMESPACE_FLAGS 0x7E020000ULL")
                .contains("seccomp_init(SCMP_ACT_ERRNO(EPERM))")
                .contains("SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3)");
        assertThat(SeccompProfile.BY_CAPABILITY).hasSize((int) Pattern.compile("\\{ CAP_[A-Z_]+, with_").matcher(source).results().count());
    }

    @Test
    void deniesWithEpermAndUnlocksCallsByCapability() {
        JsonNode p = SeccompProfile.of(Set.of("CHOWN", "SYS_CHROOT"), "amd64");
        assertThat(p.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(p.path("defaultErrnoRet").asInt()).isEqualTo(1);
        assertThat(p.path("architectures").toString()).isEqualTo("[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"]");
        String allowed = p.at("/syscalls/0/names").toString();
        assertThat(allowed).contains("\"chroot\"", "\"arch_prctl\"", "\"ptrace\"").doesNotContain("\"mount\"", "\"keyctl\"");
        assertThat(p.path("syscalls").toString())
                .contains("{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":2114060288,"
                        + "\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}")
                .contains("{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":38}");
        JsonNode admin = SeccompProfile.of(Set.of("SYS_ADMIN"), "amd64");
        assertThat(admin.at("/syscalls/0/names").toString()).contains("\"mount\"", "\"clone\"", "\"clone3\"");
        assertThat(admin.path("syscalls").toString()).doesNotContain("SCMP_CMP_MASKED_EQ");
    }

    @Test
    void theBundleHasTheSectionUnlessSeccompIsLifted() throws Exception {
        ContainerSpec spec = ContainerSpec.of("0123456789abcdef0123", "web", List.of(Path.of("/l")),
                ProcessSpec.of(List.of("true")));
        assertThat(Json.state().readTree(OciConfig.json(spec, "rootfs")).at("/linux/seccomp/defaultAction").asText())
                .isEqualTo("SCMP_ACT_ERRNO");
        ContainerSpec unconfined = spec.withSecurity(List.of(), List.of(), false, false);
        assertThat(Json.state().readTree(OciConfig.json(unconfined, "rootfs")).at("/linux").has("seccomp")).isFalse();
        ContainerSpec privileged = spec.withSecurity(List.of(), List.of(), true, true);
        assertThat(Json.state().readTree(OciConfig.json(privileged, "rootfs")).at("/linux").has("seccomp")).isFalse();
    }
}

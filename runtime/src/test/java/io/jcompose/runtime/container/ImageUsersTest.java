package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageUsersTest {
    @TempDir
    Path tmp;
    ImageUsers users;

    @BeforeEach
    void setUp() throws Exception {
        Path lower = Files.createDirectories(tmp.resolve("lower/etc"));
        Files.writeString(lower.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Path upper = Files.createDirectories(tmp.resolve("upper/etc"));
        Files.writeString(upper.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Files.writeString(upper.resolve("group"), "root:x:0:\napp:x:1000:\nwheel:x:10:app,bob\n");
        users = ImageUsers.of(List.of(tmp.resolve("lower"), tmp.resolve("upper")));
    }

    @Test
    void namesAndNumbersResolveLikeDocker() {
        assertThat(users.resolve("", List.of())).isEqualTo(new ResolvedUser(0, 0, List.of(), "/root"));
        assertThat(users.resolve("app", List.of())).isEqualTo(new ResolvedUser(1000, 1000, List.of(10), "/home/app"));
        assertThat(users.resolve("app:wheel", List.of())).isEqualTo(new ResolvedUser(1000, 10, List.of(), "/home/app"));
        assertThat(users.resolve("4242:99", List.of("wheel", "5"))).isEqualTo(new ResolvedUser(4242, 99, List.of(5, 10), "/"));
    }

    @Test
    void unknownNamesAreUserErrors() {
        assertThatThrownBy(() -> users.resolve("nobody", List.of()))
                .hasMessage("unable to find user nobody: no matching entries in passwd file");
        assertThatThrownBy(() -> users.resolve("app:staff", List.of()))
                .hasMessage("unable to find group staff: no matching entries in group file");
    }

    @Test
    void aPasswdSymlinkToTheHostIsReadInsideTheLayer() throws Exception {
        Path evil = Files.createDirectories(tmp.resolve("evil/etc"));
        Path hostFile = Files.writeString(tmp.resolve("host-passwd"), "evil:x:0:0::/:/bin/sh\n");
        Files.createSymbolicLink(evil.resolve("passwd"), Path.of("../../../../../../../.." + hostFile));
        var u = ImageUsers.of(List.of(tmp.resolve("evil")));
        assertThatThrownBy(() -> u.resolve("evil", List.of())).hasMessageContaining("no matching entries");
    }
}

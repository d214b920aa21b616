package io.jcompose.runtime.image.internal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The file-system calls Java lacks that layer extraction needs: device nodes (whiteouts are
 * char devices 0/0), owners and extended attributes of the path itself, never of a symlink's
 * target. Every call acts on the last path component without following it.
 */
public interface NativeFs {

    /** Whether this process may create device nodes and set any owner (effective uid 0). */
    boolean privileged();

    /** mknod(2): {@code type} is 'c', 'b' or 'p'; fails with the errno text. */
    void mknod(Path path, char type, int permissions, int major, int minor);

    /** chmod(2) with all 12 mode bits (setuid, setgid, sticky); only for paths known not to be symlinks. */
    void chmod(Path path, int mode);

    /** lchown(2). */
    void lchown(Path path, int uid, int gid);

    /** lsetxattr(2). */
    void setXattr(Path path, String name, byte[] value);

    /** lgetxattr(2); empty when the attribute is absent or unsupported. */
    Optional<byte[]> getXattr(Path path, String name);

    /** The major and minor device numbers of a device node (lstat(2)). */
    int[] deviceNumbers(Path path);
}

package io.jcompose.network.internal;

import java.util.Optional;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * Runs nft scripts in the process through libnftables, the library the {@code nft} tool is a front end of, on the
 * network namespace of the calling thread: a container's DNS rules then cost well under a millisecond instead of
 * the 4-5 ms of starting {@code nft}. Calls are serialized, as libnftables does not promise that contexts on
 * several threads are independent of each other; see libnftables(3).
 */
final class Nftables {

    /** The libnftables functions, as jnr-ffi binds them. */
    public interface Lib {
        Pointer nft_ctx_new(int flags);

        void nft_ctx_free(Pointer ctx);

        int nft_ctx_buffer_error(Pointer ctx);

        String nft_ctx_get_error_buffer(Pointer ctx);

        int nft_run_cmd_from_buffer(Pointer ctx, String buffer);
    }

    private static final int NFT_CTX_DEFAULT = 0;
    /** One lock for every instance: what libnftables may share between contexts is process-wide. */
    private static final Object LOCK = new Object();

    private final Lib lib;

    private Nftables(Lib lib) {
        this.lib = lib;
    }

    /** Binds libnftables; throws where it is not installed or cannot load. */
    static Nftables load() {
        return new Nftables(LibraryLoader.create(Lib.class).failImmediately().load("nftables"));
    }

    /** Runs {@code script} as {@code nft -f -} would; empty when it went in, else nft's error text. */
    Optional<String> run(String script) {
        synchronized (LOCK) {
            // a context per call: it holds the netlink socket, which must be made in the thread's current namespace
            Pointer ctx = lib.nft_ctx_new(NFT_CTX_DEFAULT);
            if (ctx == null) {
                return Optional.of("libnftables could not make a context");
            }
            try {
                lib.nft_ctx_buffer_error(ctx);
                if (lib.nft_run_cmd_from_buffer(ctx, script) == 0) {
                    return Optional.empty();
                }
                String error = lib.nft_ctx_get_error_buffer(ctx);
                return Optional.of(error == null || error.isBlank() ? "nft failed" : error.strip());
            } finally {
                lib.nft_ctx_free(ctx);
            }
        }
    }
}

package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.Engine;
import java.util.concurrent.ExecutorService;

/** The whole Docker Engine API subset, as one router over an {@link Engine}. */
public final class Routes {
    private Routes() {}

    public static Router of(Engine engine, ExecutorService pumps) {
        Router r = new Router();
        SystemRoutes.register(r, engine);
        ContainerRoutes.register(r, engine, pumps);
        ExecRoutes.register(r, engine, pumps);
        ImageRoutes.register(r, engine);
        NetworkRoutes.register(r, engine);
        return r;
    }
}

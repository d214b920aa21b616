package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.EngineException;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps method + path to a handler. Paths may carry a {@code /v1.NN} prefix (1.24 to 1.44 accepted) or none;
 * errors become Docker's status and {@code {"message": ...}}.
 */
public final class Router {
    private static final System.Logger LOG = System.getLogger("io.jcompose.engine.server");
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)$");
    private static final int MIN_MINOR = 24;
    private static final int MAX_MINOR = 44;

    /** A request handler; path groups of the route's pattern are in {@code args}, URL-decoded. */
    public interface Handler {
        void handle(Exchange ex, List<String> args) throws Exception;
    }

    private record Route(String method, Pattern pattern, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; {@code regex} matches the whole unversioned path. */
    public Router add(String method, String regex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(regex), handler));
        return this;
    }

    void handle(Exchange ex) {
        long start = System.nanoTime();
        try {
            dispatch(ex);
        } catch (EngineException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2} {3}", ex.method(), ex.path(), e.status(), e.getMessage());
            answerError(ex, e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}: 400 {2}", ex.method(), ex.path(), e.getMessage());
            answerError(ex, 400, e.getMessage());
        } catch (Exception | Error e) {
            if (ex.isClosed()) {
                // the client hung up first (the docker CLI closes a wait once it has read the result): no fault
                LOG.log(System.Logger.Level.DEBUG, "{0} {1}: the client went away: {2}", ex.method(), ex.path(), e);
                return;
            }
            LOG.log(System.Logger.Level.WARNING, ex.method() + " " + ex.path() + " failed: " + e, e);
            answerError(ex, 500, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            LOG.log(System.Logger.Level.DEBUG, "{0} {1} done in {2} ms", ex.method(), ex.path(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static void answerError(Exchange ex, int status, String message) {
        if (!ex.responded() && !ex.isClosed()) {
            if (status == 304) {
                ex.empty(304);
            } else {
                ex.error(status, message);
            }
        }
    }

    private void dispatch(Exchange ex) throws Exception {
        String path = ex.path();
        Matcher v = VERSIONED.matcher(path);
        if (v.matches()) {
            int major = Integer.parseInt(v.group(1));
            int minor = Integer.parseInt(v.group(2));
            if (major != 1 || minor > MAX_MINOR) {
                throw new EngineException.BadRequest("client version " + major + "." + minor
                        + " is too new. Maximum supported API version is 1." + MAX_MINOR);
            }
            if (minor < MIN_MINOR) {
                throw new EngineException.BadRequest("client version " + major + "." + minor
                        + " is too old. Minimum supported API version is 1." + MIN_MINOR
                        + ", please upgrade your client to a newer version");
            }
            path = v.group(3);
            ex.path(path);
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
            ex.path(path);
        }
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!r.method().equals(ex.method())) {
                continue;
            }
            List<String> args = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                args.add(QueryStringDecoder.decodeComponent(m.group(i)));
            }
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}", ex.method(), path);
            r.handler().handle(ex, args);
            return;
        }
        if (pathKnown) {
            throw new EngineException(405, "method " + ex.method() + " not allowed on " + path);
        }
        throw new EngineException.NotFound("page not found");
    }
}

package io.jcompose.engine.api.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A URL query string, built parameter by parameter. */
final class Query {
    private final StringBuilder text = new StringBuilder();

    static Query of() {
        return new Query();
    }

    Query add(String key, Object value) {
        text.append(text.length() == 0 ? '?' : '&').append(key).append('=')
                .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        return this;
    }

    Query flag(String key, boolean value) {
        return value ? add(key, "1") : this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
